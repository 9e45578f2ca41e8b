import { describe, expect, it } from 'vitest'
import { byteRowLayout } from './byteLayout'

describe('byteRowLayout', () => {
  // Widths of the byte inspector measured in the app: 737 px in a 1920x1080 window, 481 at
  // 1280x800, 379 at 1024x640. The columns need 562 px (16 bytes) or 343 (8) before the owners.
  it('keeps 16 bytes a row and the owners beside them only where both fit', () => {
    expect(byteRowLayout(900)).toEqual({ rowBytes: 16, ownersBeside: true })
    // 1920x1080: 562 + 250 > 737, so 8 bytes a row with the owners beside them
    expect(byteRowLayout(737)).toEqual({ rowBytes: 8, ownersBeside: true })
  })

  it('puts the owners under each 8-byte row in the narrow panes of smaller windows', () => {
    expect(byteRowLayout(481)).toEqual({ rowBytes: 8, ownersBeside: false })
    expect(byteRowLayout(379)).toEqual({ rowBytes: 8, ownersBeside: false })
  })

  it('lays out for a wide pane before the pane is measured', () => {
    expect(byteRowLayout(0)).toEqual({ rowBytes: 16, ownersBeside: true })
  })
})
