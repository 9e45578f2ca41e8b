/**
 * Every sentence the lesson-pack validator can say, in English, keyed as the app's message files
 * key them (`packProblems.<key>`: the app's English messages are this object, merged by
 * renderer/src/locales/catalogue.ts; other languages are in
 * renderer/src/locales/<language>/packProblems.json). A problem keeps its key and parameters
 * (`reason`), so the authoring panel and the import dialog say it in the instructor's language;
 * the English `message` beside it (for the command line and the logs) is built from these
 * templates, exactly as the C front end does (shared/lang/diagnostic-messages.ts).
 *
 * Templates use vue-i18n's syntax: `{name}` is a parameter. File names, ids, keys, expressions
 * and values are parameters and are never translated. `phrase.*` and `type.*` keys are parts of
 * other sentences. What a library says (the YAML parser, an unusual JSON Schema keyword) arrives
 * as an English `detail` parameter; the C compiler's errors arrive with their own keys
 * (diagnosticPhrase), so they are said in the reader's language too.
 */
import { englishSentence, fillTemplate, type DiagnosticReason } from '../lang/diagnostics'
import { IGNORED_TUNABLE_REASONS as TUNABLE } from '../sim/allocators/glibc/tunables'

export const PACK_MESSAGES = {
  // ---- pack.yaml and the pack's files (validate.ts)
  'pack.manifestNotMapping': 'pack.yaml must be a mapping of keys such as "id:" and "title:"',
  'pack.fileTooBig': '{file} is {size}; a lesson or pack.yaml file may be at most {limit}',
  'pack.assetTooBig': '{file} is {size}; a file such as an image may be at most {limit}',
  'pack.manifestMissing': 'pack.yaml is missing: every pack needs one at its top level',
  'pack.notUtf8': '{file} is not valid UTF-8 text',
  'pack.bidiControl':
    'invisible bidirectional control character {code} ({name}): it shows text in another order than it is read, so a program or a name may look unlike what it is; remove it ({count} in this file)',
  'pack.appTooOld': 'this pack needs Memory Lane {needed} or newer; this is {version}',
  'pack.missingTranslation':
    'missing translation: lesson "{lesson}" has no {language} file (expected {file})',
  'pack.strayLesson':
    'this Markdown file is not a lesson of pack.yaml (is its id or language listed?)',
  'pack.stepCountDiffers':
    '{file} has {steps} steps but {reference} has {referenceSteps}; translations must have the same steps',
  'pack.reservedId':
    'the lesson id "{id}" is a name JavaScript objects already have; choose another id',
  'pack.checkpointsDiffer':
    'step {step} has checkpoints [{mine}] but {reference} has [{theirs}]; translations must have the same checkpoints',

  // ---- a lesson's Markdown and blocks (lesson.ts)
  'lesson.fenceUnclosed': 'this fenced block (```{info}) is never closed',
  'lesson.duplicateCheckpointId':
    'checkpoint id "{id}" is already used on line {line}; ids must be unique in a lesson',
  'lesson.reservedId':
    'the checkpoint id "{id}" is a name JavaScript objects already have; choose another id',
  'lesson.secondProgram': 'a step has only one program; mark other C examples as ```c snippet',
  'lesson.rangesNeeded': '"{word}" must list line ranges such as editable=3-5,9',
  'lesson.unknownFenceWord':
    'unknown word "{word}" after ```c (use readonly, editable=3-5 or snippet)',
  'lesson.editablePastEnd':
    'editable line {line} is past the end of the program ({count} lines)',
  'lesson.programTooLong':
    'this program is {length} characters long; a program may be at most {limit} (the app runs nothing longer)',
  'lesson.runToWithoutProgram': '"run-to" needs a C program in this step or an earlier one',
  'lesson.runToPastEnd': '"run-to: line {line}" is past the end of the program ({count} lines)',
  'lesson.tooManySteps':
    'this lesson has {steps} steps; a lesson may have at most {limit} (split it into several lessons)',
  'lesson.emptyStep': 'this step is empty (two "---" lines with nothing between them?)',
  'lesson.checkpointNotMapping':
    'a checkpoint block must hold YAML keys such as "kind:" and "id:"',
  'lesson.unknownCheckpointKind':
    'unknown checkpoint kind "{kind}" (expected choice, number, predict or task)',
  'lesson.expressionIn': '{problem} in "{source}"',
  'lesson.choiceMultipleNone':
    'a multiple-choice checkpoint needs at least one option with "correct: true"',
  'lesson.choiceSingle':
    'a single-choice checkpoint needs exactly one option with "correct: true" (found {found}); add "multiple: true" for several',
  'lesson.whenInChoice':
    '"when" belongs to predict checkpoints; a choice option uses "correct: true"',
  'lesson.predictBoth':
    'a predict checkpoint needs either "options" (with "when" conditions) or "expected", not both',
  'lesson.predictOptionWhen': 'option {option} of a predict checkpoint needs a "when" condition',

  // ---- the machine a step sets up (machine-setup.ts); names, options and values as written
  'setup.unknownAllocator': 'there is no allocator "{name}"; the allocators are {known}',
  'setup.unknownAllocatorNear':
    'there is no allocator "{name}"; did you mean "{nearest}"? (the allocators are {known})',
  'setup.unknownOption': 'the {allocator} allocator has no option "{option}"; its options are {known}',
  'setup.unknownOptionNear':
    'the {allocator} allocator has no option "{option}"; did you mean "{nearest}"? (its options are {known})',
  'setup.inheritedOption':
    'the {allocator} allocator has no option "{option}", which this step keeps from the allocator-options on line {line}; give this step its own "allocator-options" (its options are {known})',
  'setup.optionValue': 'option "{option}" of the {allocator} allocator must be {wanted}, not {value}',
  'setup.buddyMinBlock':
    'option "minBlock" of the buddy allocator must be at least {min} here, not {minBlock}: twice its header ({header} bytes, rounded up to the alignment of {alignment})',
  'setup.optionsRefused': 'the {allocator} allocator refuses these options: {detail}',
  'setup.tunableIgnored': 'glibc ignores the tunable "{entry}": {detail}',
  'setup.unknownHighlight':
    'the app cannot highlight "{name}", so this step would show nothing highlighted; it highlights {known}',
  'setup.unknownHighlightNear':
    'the app cannot highlight "{name}"; did you mean "{nearest}"? (it highlights {known})',
  // Why glibc ignores a tunable (its {detail}), in shared/sim's words.
  'tunable.notNameValue': TUNABLE.notNameValue,
  'tunable.unknownName': TUNABLE.unknownName,
  'tunable.withoutEffect': TUNABLE.withoutEffect,
  'tunable.unknownMallocName': TUNABLE.unknownMallocName,
  'tunable.outOfRange': TUNABLE.outOfRange,
  'tunable.overMallocMax': TUNABLE.overMallocMax,
  'tunable.hugetlb': TUNABLE.hugetlb,
  'setup.stackLimitTooBig':
    '"stack-limit: {limit}" does not fit the {layout} layout, whose stack can be at most {max} bytes ({kib} KiB, from the stack top down to the mmap area)',
  'phrase.oneOf': 'one of {values}',
  'phrase.trueOrFalse': 'true or false',
  'phrase.stringUpTo': 'a string of at most {length} characters',
  'phrase.listNotInPack': "a list, which a pack's allocator-options cannot hold",
  'phrase.wholeFrom': 'a whole number from {min} to {max}',
  'phrase.powerOfTwoFrom': 'a power of two from {min} to {max}',

  // ---- Markdown prose (markdown-check.ts)
  'markdown.rawHtml':
    'raw HTML is not allowed in lessons (found {snippet}); write Markdown instead',
  'markdown.linkRefused':
    'link to "{href}" is refused: only http, https and mailto links are allowed',
  'markdown.linkNowhere':
    'link to "{href}" leads nowhere: the app opens only whole http, https and mailto addresses (https://…), not addresses relative to the lesson',
  'markdown.imageAddress': 'image "{src}" must be a file inside the pack, not a {scheme} address',
  'markdown.imageOutside': 'image "{src}" points outside the pack',
  'markdown.imageMissing': 'image "{src}" is not in the pack (looked for {resolved})',

  // ---- running the programs (programs.ts)
  'program.doesNotCompile': 'the C program does not compile: {detail}',
  'program.cannotRun': 'the program could not be run: {detail}',
  'program.expectedNoNumber':
    'the expected value "{expected}" of {kind} "{id}" has no number {target} ({facts})',
  'program.predictOptions': '{count} options of predict "{id}" hold {target}; exactly one must',
  'program.solutionDoesNotCompile':
    'the reference solution of task "{id}" does not compile: line {line}: {detail}',
  'program.solutionCannotRun': 'the reference solution of task "{id}" could not be run: {detail}',
  // A run the check stopped: {what} is phrase.stepProgram or phrase.solutionOf, {target} phrase.to*.
  'program.stoppedSteps':
    '{what} was still running after {steps} steps, the most a program may run while a pack is checked, and was stopped at its line {line} {target}: does a loop there never end?',
  'program.stoppedTime':
    '{what} was still running after {seconds} seconds, the most a program may run while a pack is checked, and was stopped at its line {line} {target}: does a loop there never end?',
  'program.stoppedMemory':
    '{what} had written {mib} MiB of memory by its line {line} {target}, the most a program may use, and was stopped: does it allocate without end?',
  'phrase.stepProgram': "this step's program",
  'phrase.solutionOf': 'the reference solution of task "{id}"',
  'phrase.toEnd': 'on its way to the end of the run',
  'phrase.toLine': 'on its way to line {line}',
  'phrase.toStep': 'on its way to step {step}',
  'program.checkTooLong':
    'checking the programs took more than {seconds} seconds and was stopped here; the pack is refused (a pack may hold fewer or faster programs)',
  'program.solutionFails':
    'the reference solution of task "{id}" does not meet its condition "{condition}" ({facts})',
  'phrase.atEnd': 'at the end of the run',
  'phrase.atLine': 'at line {line}',
  'phrase.atStep': 'at step {step}',

  // ---- YAML (yaml-source.ts)
  'yaml.tooDeep':
    'YAML: lists and maps are nested more than {depth} levels deep here; the file is refused',
  'yaml.aliasBomb':
    'YAML: anchors and aliases expand too much (more than {aliases} alias uses); the file is refused',
  'yaml.error': 'YAML: {detail}',
  'yaml.duplicateKey': 'YAML: the key "{key}" appears twice in this mapping',
  'yaml.tabIndent': 'YAML: a tab is used to indent this line; indent with spaces',
  'yaml.keyOnOneLine': 'YAML: a key must be on one line and end with ":"',
  'yaml.keyNeedsValue': 'YAML: a key must be followed by ":" and its value',
  'yaml.compactNesting':
    'YAML: a "key: value" cannot follow another key on the same line; put it on its own line, indented',
  'yaml.blockInFlow':
    'YAML: a "- item" list or an indented mapping cannot be inside square or curly brackets',
  'yaml.multipleDocuments': 'YAML: a second document starts here ("---"); a file holds one',
  'yaml.anchorsAndTags':
    'YAML: a value may have one anchor (&name) and one tag (!tag), written before it; an alias (*name) has neither',
  'yaml.keyTooLong': 'YAML: a key is longer than 1024 characters',
  'yaml.badEscape': 'YAML: unknown escape "{escape}" in a double-quoted string',
  'yaml.reservedStart': 'YAML: a value cannot start with "{character}" unless it is in quotes',
  'yaml.unclosedQuote': 'YAML: a string opened with {quote} is never closed',
  'yaml.sameColumn': 'YAML: the items of a list or mapping must all start in the same column',
  'yaml.flowUnclosed':
    'YAML: this list or mapping is not closed with "{close}", or its lines are not indented enough',
  'yaml.unresolvedAlias': 'YAML: the alias "{alias}" names no anchor set before it',
  'yaml.unexpected': 'YAML: unexpected "{found}" here',
  'yaml.notFinite':
    'YAML: "{value}" is not a finite number (a value such as .inf, .nan or 1e400 cannot be compared or shown)',

  // ---- the pack schema (schema-check.ts); {name} is a quoted key path or the whole value
  'schema.required': 'missing required key "{key}" in {name}',
  'schema.unknownKey': 'unknown key "{key}" in {name}',
  'schema.unknownKeyNear': 'unknown key "{key}" in {name}; did you mean "{nearest}"?',
  'schema.type': '{name} must be {types}',
  'schema.enum': '{name} must be one of: {values}',
  'schema.enumNear': '{name} must be one of: {values}, not "{value}"; did you mean "{nearest}"?',
  'schema.const': '{name} must be {value}',
  'schema.minItemsOne': '{name} needs at least {limit} item',
  'schema.minItems': '{name} needs at least {limit} items',
  'schema.maxItems': '{name} may have at most {limit} items',
  'schema.uniqueItems': '{name} lists the same item twice',
  'schema.minLength': '{name} must not be empty',
  'schema.minimum': '{name} must be at least {limit}',
  'schema.maximum': '{name} must be at most {limit}',
  'schema.described': '{name} must be {detail}',
  'schema.invalid': '{name} is not valid',
  'schema.other': '{name} {detail}',
  'type.integer': 'a whole number',
  'type.array': 'a list',
  'type.object': 'a mapping',
  'type.string': 'a string',
  'type.number': 'a number',
  'type.boolean': 'a boolean',
  'type.null': 'a null',
  'type.or': '{first} or {second}',
  'what.packYaml': 'pack.yaml',
  'what.setup': 'the setup block',
  'what.checkpoint': 'the checkpoint',

  // ---- checkpoint expressions (expression.ts); operators and fact names are parameters
  'expression.unclosedString': 'a string is not closed',
  'expression.singleEquals': '"=" assigns in C; write "==" to compare',
  'expression.indexNotWhole': 'a list index must be a whole number such as [0]',
  'expression.endsEarly': 'the expression ends too early',
  'expression.negativeIndex': 'a list index cannot be negative',
  'expression.notNumber': '"{text}" is not a number',
  // The backslash is in the parameter: vue-i18n's syntax reads one before a brace as an escape.
  'expression.unknownEscape': 'unknown escape "{escape}" in a string',
  'expression.doubleOperator': '"{character}" alone is not an operator; write "{double}"',
  'expression.unexpectedCharacter': 'unexpected character "{character}"',
  'expression.tooDeep': 'the expression is nested deeper than {depth} levels',
  'expression.afterComplete': 'unexpected {found} after a complete expression',
  'expression.nameAfterDot': 'a name must follow ".", not {found}',
  'expression.notFactName': '"{name}" is not a fact name',
  'expression.expectedBracket': 'expected "]" but found {found}',
  'expression.expectedParen': 'expected ")" but found {found}',
  'expression.unexpected': 'unexpected "{token}"',
  'expression.tooLong': 'the expression is longer than {length} characters',
  'expression.empty': 'the expression is empty',
  'expression.unknownFact': 'unknown fact "{name}" (known: {known})',
  'expression.unknownField': 'unknown fact "{path}" ({object} has: {fields})',
  'expression.unknownFactNear': 'unknown fact "{name}"; did you mean "{nearest}"? (known: {known})',
  'expression.unknownFieldNear':
    'unknown fact "{path}"; did you mean "{nearest}"? ({object} has: {fields})',
  'expression.unknownListField':
    'unknown fact "{path}" (a list has "count" and elements such as {object}[0])',
  'expression.noMember': '"{object}" has no member "{name}"',
  'expression.notList': '"{object}" is not a list, so it cannot be indexed',
  'expression.operandType': '"{operator}" needs a {wanted}, not a {found}',
  'expression.logicalTypes': '"{operator}" joins true/false values, not a {left} and a {right}',
  'expression.equalityTypes':
    '"{operator}" compares values of one type, not a {left} and a {right}',
  'expression.containsTypes': '"contains" looks for a string inside a string',
  'expression.orderTypes':
    '"{operator}" compares two numbers or two strings, not a {left} and a {right}',
  'expression.arithmeticTypes': '"{operator}" needs two numbers, not a {left} and a {right}',
  'expression.conditionType': 'a condition must be true or false, but this gives a {found}',
  'expression.valueType': 'it must give a {expected}, but this gives a {found}',
  'phrase.endOfExpression': 'the end of the expression',

  // ---- judging an answer (expression.ts evaluate, grade.ts): a learner can meet these
  'evaluation.notAvailable': '"{path}" is not available in this run',
  'evaluation.notList': '"{path}" is not a list',
  'evaluation.needsBoolean': '"{operator}" needs true or false',
  'evaluation.needsNumber': '"{operator}" needs a number',
  'evaluation.needsTwoNumbers': '"{operator}" needs two numbers',
  'evaluation.divisionByZero': 'division by zero in "{expression}"',
  'grade.noRun': 'there is no run to compute the expected value from yet',
  'grade.noValue': '"{expected}" has no value in this run',
  'phrase.token': '"{text}"',
  'phrase.warning': 'warning: {problem}',

  // ---- the authoring command's own sentences (electron/cli/pack.ts)
  'cli.notValid': '{path}: {errors}, {warnings}; the pack is not valid.',
  'cli.valid': '{path}: valid pack "{id}" — {lessons} in {languages}.',
  'cli.validWithWarnings': '{path}: valid pack "{id}" — {lessons} in {languages}, {warnings}.',
  'cli.engineMissing': 'warning: C programs were not checked: {reason}.',
  'cli.noSuchPath': '{path}: no such file or folder.',
  'cli.unreadablePack': '{path}: {detail}',
  'cli.notAFolder': '{path}: not a pack folder.',
  'cli.notWritten': '{path}: the pack is not valid, so {output} was not written.',
  'cli.wrote': 'wrote {output}: pack "{id}", {files}, {size} KB.',
  'cli.folderNotEmpty': '{path}: the folder exists and is not empty; choose a new name.',
  'cli.created':
    'created {path}/ with {files}: one lesson of each checkpoint kind, in English and Simplified Chinese.',
  'cli.checkWith': 'Check it with: memory-lane pack validate {path}',
  'cli.usage': 'Usage:',
  'cli.summaryRun': 'compile and run a C program on the simulated machine',
  'cli.summaryHeap': 'replay an allocation trace or an OSTEP op list',
  'cli.summaryPack': 'tools for lesson-pack authors',
  'cli.summaryServe': 'start the browser edition on 127.0.0.1',
  'cli.runArgs': "the program's arguments: argv[1], argv[2], … (argv[0] is\n./prog, run as `env -i setarch -R ./prog ARG...`)",
  'cli.runLayout': 'address-space layout (default linux-x86_64)',
  'cli.runAllocator': 'heap allocator (default: glibc on linux-x86_64, first-fit\non classroom; e.g. best-fit, buddy)',
  'cli.runAllocatorOptions':
    "the allocator's options as JSON, as a lesson step's\nallocator-options gives them: headerSize, footer,\nalignment, minBlockSize, placement, order, coalescing…",
  'cli.runTunables': 'glibc tunables, e.g. glibc.malloc.tcache_count=0',
  'cli.runStackLimit': 'stack size limit (e.g. 8388608, 8M, 64K)',
  'cli.runSteps': 'step budget (default 10000000)',
  'cli.runMemoryLimit': 'most simulated memory the program may write before it is\nstopped, as the app stops it (e.g. 1G; default 128M)',
  'cli.runStdin': "what getchar() reads (as UTF-8 bytes); without it a\nprogram that calls getchar() reads this command's own\nstandard input when that is a pipe or a file",
  'cli.runStdout': "how the program's stdout is buffered (linux-x86_64:\ntty when this command's stdout is a terminal, else pipe,\nas glibc decides; classroom: unbuffered)",
  'cli.runJson': "print a JSON summary instead of the program's output",
  'cli.runUninitialized':
    "also report each read of memory never written: a local\nbefore its first value, malloc'd bytes (calloc's are zero)",
  'cli.runTunableIgnored': 'memory-lane run: tunable "{entry}" changes nothing: {detail}.',
  'cli.runNotRunOne': 'memory-lane run: 1 error; the program was not run.',
  'cli.runNotRunMany': 'memory-lane run: {count} errors; the program was not run.',
  'cli.runKilled': 'memory-lane run: the program was killed by {signal}.',
  'cli.runKilledAtLine': 'memory-lane run: the program was killed by {signal} at line {line}.',
  'cli.runMoreSteps':
    'memory-lane run: if the program is only long, not endless, allow more steps: --steps {steps}',
  'cli.runMoreMemory':
    'memory-lane run: if the program needs that much, allow more: --memory-limit {limit}',
  'cli.runRefused': 'memory-lane run: {detail}',
  'cli.runNeedsLayout': '--layout needs a value: linux-x86_64 or classroom.',
  'cli.runNeedsAllocator': '--allocator needs an allocator name, e.g. first-fit or glibc.',
  'cli.runNeedsAllocatorOptions': '--allocator-options needs a JSON object, such as {example}.',
  'cli.runNeedsTunables': '--tunables needs a value such as glibc.malloc.tcache_count=0.',
  'cli.runBadStackLimit':
    '--stack-limit needs a size in bytes (like 8388608 or 8M), not "{value}".',
  'cli.runBadMemoryLimit':
    '--memory-limit needs a size in bytes (like 134217728 or 128M), not "{value}".',
  'cli.runBadSteps': '--steps needs a positive whole number, not "{value}".',
  'cli.runNeedsStdin': '--stdin needs the text getchar() should read.',
  'cli.runBadStdout': '--stdout needs tty, pipe, line or unbuffered, not "{value}".',
  'cli.runUnknownOption': 'Unknown option "{option}".',
  'cli.runOneFile': 'Only one C file can be run at a time (got "{first}" and "{second}").',
  'cli.runWhichProgram': 'Which program? Give the C file to run, e.g. memory-lane run hello.c.',
  'cli.runNoSuchFile': 'cannot read {file}: no such file.',
  'cli.runIsDirectory': 'cannot read {file}: it is a directory.',
  'cli.runCannotRead': 'cannot read {file}: {detail}.',
  'cli.runDiagnosticError': 'error: {message}',
  'cli.runDiagnosticWarning': 'warning: {message}',
  'cli.runUnknownAllocator': 'Unknown allocator "{name}": choose one of {known}.',
  'cli.runUnknownLayout': 'Unknown layout "{name}": choose one of {known}.',
  'cli.heapSeed': 'the random seed',
  'cli.heapSize': 'size of the heap',
  'cli.heapBaseAddr': 'base address of heap',
  'cli.heapHeaderSize': 'size of the header',
  'cli.heapAlignment': 'align allocated units to size; -1->no align',
  'cli.heapPolicy': 'list search (BEST, WORST, FIRST)',
  'cli.heapListOrder': 'list order (ADDRSORT, SIZESORT+, SIZESORT-, INSERT-FRONT, INSERT-BACK)',
  'cli.heapCoalesce': 'coalesce the free list?',
  'cli.heapNumOps': 'number of random ops to generate',
  'cli.heapRange': 'max alloc size',
  'cli.heapPercentAlloc': 'percent of ops that are allocs',
  'cli.heapAllocList': 'instead of random, list of ops (+10,-0,etc)',
  'cli.heapCompute': 'compute answers for me',
  'cli.heapJson': 'print {example} instead of text',
  'cli.heapOpsJson': 'read the parameters and ops from a JSON file',
  'cli.heapAllocator': 'allocator for a .rep trace (default first-fit; see --list)',
  'cli.heapAllocatorOptions': 'allocator options for a .rep trace, as JSON',
  'cli.heapLayout': 'layout profile for a .rep trace (linux-x86_64, classroom)',
  'cli.heapChecked': 'run the heap checker during a .rep replay (slower, more detail)',
  'cli.heapList': 'list the allocators',
  'cli.heapHelp': 'show this help',
  // memory-lane heap's refusals (electron/cli/heap.ts), each said as heapRefused's detail
  'cli.heapRefused': 'memory-lane heap: {detail}',
  'cli.heapNeedsValue': '{flag} needs a value.',
  'cli.heapUnknownOption': 'unknown option {option}; see memory-lane heap --help.',
  'cli.heapArguments': '{detail}',
  'cli.heapNotWhole': '{flag}: "{value}" is not a whole number.',
  'cli.heapJsonNotObject': '{file}: expected a JSON object of parameters, such as {example}.',
  'cli.heapJsonNotWhole': '{file}: "{key}" must be a whole number, not {value}.',
  'cli.heapJsonNotBoolean': '{file}: "{key}" must be true or false, not {value}.',
  'cli.heapJsonNotString': '{file}: "{key}" must be a string, not {value}.',
  'cli.heapJsonNotList': '{file}: "{key}" must be a list such as {example}.',
  'cli.heapJsonBadOp': '{file}: ops[{index}] {item} is not {forms}.',
  'cli.heapJsonUnknownKey': '{file}: "{key}" is not a parameter; known: {known}.',
  'cli.heapJsonOpsAndList': '{file}: give either "ops" or "allocList", not both.',
  'cli.heapJsonOpsEmpty': '{file}: "ops" is empty; give at least one op.',
  'cli.heapNoSuchFile': 'cannot read {file}: no such file.',
  'cli.heapCannotRead': 'cannot read {file} ({code}).',
  'cli.heapNotJson': '{file} is not valid JSON: {detail}.',
  'cli.heapNeedsTrace': '--allocator needs a trace file: memory-lane heap replay TRACE.rep --allocator NAME.',
  'cli.heapOneTrace': 'give one trace file, not {count} ({files}).',
  'cli.heapOstepOnlyOne': '{flags} applies only to OSTEP replays, not to a .rep trace.',
  'cli.heapOstepOnlyMany': '{flags} apply only to OSTEP replays, not to a .rep trace.',
  'cli.heapUnknownAllocator': '--allocator: unknown allocator "{name}"; choose one of {known}.',
  'cli.heapUnknownLayout': '--layout: unknown layout "{name}"; choose one of {known}.',
  'cli.heapReportTrace': 'trace',
  'cli.heapReportOperations': '{trace} ({n} operations)',
  'cli.heapReportAllocator': 'allocator',
  'cli.heapReportPeakUtilization': 'peak utilization',
  'cli.heapReportFinalHeap': 'final heap size',
  'cli.heapReportPeakHeap': 'peak heap size',
  'cli.heapReportBytes': '{n} bytes',
  'cli.heapReportOpsPerSecond': 'operations/second',
  'cli.heapReportFailed': 'failed allocations',
  'cli.heapReportMisuse': 'misuse events',
  'cli.heapReportNone': 'none',
  'cli.heapReportEvent': 'step {step}: {kind}: {message}',
  'cli.heapOptionsNotJson': '--allocator-options: {text} is not valid JSON.',
  'cli.heapOptionsNotObject': '--allocator-options must be a JSON object, such as {example}.',
  'cli.heapOptions': '--allocator-options: {detail}.',
  'cli.heapAboutFirstFit':
    'Explicit free list, first fit: the first block in list order that is big enough.',
  'cli.heapAboutNextFit':
    'Explicit free list, next fit: first fit, starting where the last search stopped.',
  'cli.heapAboutBestFit':
    'Explicit free list, best fit: the smallest block that is big enough.',
  'cli.heapAboutWorstFit':
    'Explicit free list, worst fit: always the largest free block.',
  'cli.heapAboutSegregated':
    'Segregated free lists: one list per size class, first fit in the own class, then a larger class; the free block at the end of the heap last.',
  'cli.heapAboutGlibc':
    'glibc 2.36 malloc (ptmalloc2) as on Linux: tcache, fast, unsorted, small and large bins, top chunk, mmap threshold.',
  'cli.heapAboutBuddy':
    'Binary buddy system: power-of-two blocks, split in halves, merged with their buddy (address XOR size).',
  'cli.heapAboutPool':
    'Fixed-size pool: equal slots, a free list threaded through the free slots, O(1) malloc and free.',
  'cli.heapAboutCompacting':
    'Compaction through handles: blocks are reached through master pointers, so compact() can slide them together.',
  'cli.heapUnknownSubcommand': 'unknown subcommand "{name}"; the heap command has: replay.',
  'cli.unknownCommand': 'memory-lane: unknown command "{name}".',
  'cli.packUnknownCommand': 'memory-lane pack: unknown command "{name}".',
  'cli.packValidate': 'check a pack; exit 0 only when it is valid',
  'cli.packBuild': 'validate a pack folder and zip it into one file',
  'cli.packNew': 'create a skeleton pack in the folder NAME',
  'cli.packOtherLanguage': 'Add --lang zh-CN for Simplified Chinese (the default follows LANG).',
  'cli.packValidateWhich': 'memory-lane pack validate: give one pack folder or .mlpack file.',
  'cli.packBuildUnexpected': 'memory-lane pack build: unexpected argument "{argument}".',
  'cli.packBuildWhich': 'memory-lane pack build: give a pack folder and -o FILE.mlpack.',
  'cli.packNewWhich': 'memory-lane pack new: give the name of the folder to create.',
  'cli.servePort': 'the port on 127.0.0.1 (default 0: any free port)',
  'cli.serveOpen': 'open the address in a web browser',
  'cli.serveTokenFile': "write the address (it carries this launch's access token) to PATH",
  'cli.serveRefused': 'memory-lane serve: {detail}',
  'cli.serveNeedsValue': '{flag} needs a value.',
  'cli.serveBadPort': '--port must be a whole number from 0 to 65535, not "{value}".',
  'cli.serveUnknownOption': 'unknown option "{option}".',
  'cli.serveNotBuilt':
    'memory-lane serve: the app is not built yet; run "npm run build" first ("npm run web" builds it for you).',
  'cli.servePortInUse':
    'memory-lane serve: port {port} is already in use on 127.0.0.1; choose another with --port.',
  'cli.serveRunning': 'Memory Lane (browser edition) is running at {url}',
  'cli.serveOpenYourself': 'Open that address in a web browser on this computer.',
  'cli.serveStop': 'Press Ctrl+C to stop.',
  'cli.internalError': 'memory-lane {name}: internal error: {detail}',
  'cli.error': '1 error',
  'cli.errors': '{n} errors',
  'cli.warning': '1 warning',
  'cli.warnings': '{n} warnings',
  'cli.lesson': '1 lesson',
  'cli.lessons': '{n} lessons',
  'cli.file': '1 file',
  'cli.files': '{n} files'
} as const

export type PackMessageKey = keyof typeof PACK_MESSAGES

/**
 * Ids a pack may not use although they fit the id pattern: JavaScript objects already answer
 * to them, so a record of lessons or of a learner's progress keyed by one would read the
 * object's machinery (shared/api.ts's ids refuse them too).
 */
export const reservedIds: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * A problem's sentence as data: a key under `packProblems.` and its parameters; a parameter
 * that is itself a phrase to translate ("at the end of the run") is in `phrases`. JSON-safe.
 */
export type PackReason = DiagnosticReason

/** A parameter: a name, value or number as written, or a phrase said in the reader's language. */
export type PackParam = string | number | PackReason

/** The reason for a problem: `packReason('markdown.imageOutside', { src: 'a.png' })`. */
export function packReason(key: PackMessageKey, params: Record<string, PackParam> = {}): PackReason {
  const result: PackReason = { key, params: {} }
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'object') (result.phrases ??= {})[name] = value
    else result.params[name] = value
  }
  return result
}

/**
 * A phrase that is the C front end's own sentence (a compile error): its key is the front end's
 * under `diagnostics.`, where the app's message files keep those sentences, and the phrases
 * inside it are the front end's too. So "the C program does not compile: …" is said in the
 * reader's language as a whole, not with the compiler's English inside a Chinese sentence.
 */
export const DIAGNOSTIC_PHRASE = 'diagnostics.'

/** `reason` (shared/lang/diagnostics) as a phrase of a pack sentence. */
export function diagnosticPhrase(reason: DiagnosticReason): PackReason {
  return { ...reason, key: DIAGNOSTIC_PHRASE + reason.key }
}

/** The English sentence for `reason` (phrases said in English too). */
export function packSentence(reason: PackReason): string {
  if (reason.key.startsWith(DIAGNOSTIC_PHRASE))
    return englishSentence({ ...reason, key: reason.key.slice(DIAGNOSTIC_PHRASE.length) })
  const template: string | undefined = (PACK_MESSAGES as Record<string, string>)[reason.key]
  if (template === undefined) return reason.key
  const values: Record<string, string | number> = { ...reason.params }
  for (const [name, phrase] of Object.entries(reason.phrases ?? {}))
    values[name] = packSentence(phrase)
  return fillTemplate(template, values)
}

/** A message and its reason together, to spread into a Problem: `{ file, ...at, ...say(…) }`. */
export function say(
  key: PackMessageKey,
  params: Record<string, PackParam> = {}
): { message: string; reason: PackReason } {
  const reason = packReason(key, params)
  return { message: packSentence(reason), reason }
}
