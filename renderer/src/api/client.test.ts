import { describe, expect, it } from 'vitest'
import { unwrap } from './client'
import { packState } from '../../../shared/packedBlocks'
import { threeBlocks } from '../components/memory/fixtures'

describe('the API client', () => {
  it('gives the store a run whose blocks arrived packed as the simulator made them', () => {
    const sent = {
      sessionId: 's1',
      state: packState(threeBlocks),
      totalSteps: 8,
      finished: true
    }
    expect(sent.state.blocks).toEqual([])
    // as the WebSocket carries it: JSON there and back
    const travelled = JSON.parse(JSON.stringify({ ok: true, result: sent })) as never
    const view = unwrap<'run.jumpTo'>(travelled)
    expect(view.state.blocks).toStrictEqual(threeBlocks.blocks)
    expect(view.state.packedBlocks).toBeUndefined()
    expect(view.totalSteps).toBe(8)
  })

  it('passes other answers through as they came', () => {
    const info = {
      name: 'Memory Lane',
      version: '0.1.0',
      edition: 'browser',
      allocators: [],
      layouts: []
    }
    expect(unwrap<'app.info'>({ ok: true, result: info } as never)).toBe(info)
  })
})
