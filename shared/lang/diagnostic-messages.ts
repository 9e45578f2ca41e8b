/**
 * Every sentence the C front end can say, in English, keyed as the app's message files key them
 * (`diagnostics.<key>`: the app's English messages are this object, renderer/src/i18n.ts; other
 * languages are in renderer/src/locales/<language>/diagnostics.json). A diagnostic keeps
 * its key and parameters (`reason`), so the app can say it in the learner's language; the
 * English `message` beside it (for the command line) is built from these templates.
 *
 * Templates use vue-i18n's syntax: `{name}` is a parameter, `{'{'}` a literal brace. Type names,
 * identifiers and C tokens are parameters and are never translated. `phrase.*` keys are parts
 * of other sentences (what a `;` should follow, what was found instead …).
 */
export const DIAGNOSTIC_MESSAGES = {
  // ---- lexer
  'lexer.unclosedComment': 'This comment is never closed: `/*` needs a matching `*/`.',
  'lexer.strayCharacter': 'The character `{character}` cannot appear here in a C program.',
  'lexer.integerSuffix': '`{suffix}` is not a valid integer suffix (use U, L, UL, LL or ULL).',
  'lexer.integerTooLarge': 'The integer constant {text} is too large for any C integer type.',
  'lexer.floatSuffix':
    'The suffix `{suffix}` makes {text} a {type}; only `double` and `float` are supported, so write the constant without a suffix (or with `f` for a float).',
  'lexer.badOctal': '{text} starts with 0, so it is octal, and octal digits are 0 to 7 only.',
  'lexer.badNumber': '`{text}` is not a valid number.',
  'lexer.octalEscapeTooLarge': 'The octal escape `{escape}` is larger than a byte (255).',
  'lexer.hexEscapeEmpty': '`\\x` must be followed by hexadecimal digits.',
  'lexer.hexEscapeTooLarge': 'The hex escape `{escape}` is larger than a byte (0xff).',
  'lexer.unknownEscape': '`{escape}` is not a C escape sequence; it stands for `{character}`.',
  'lexer.incompleteUniversal':
    'The universal character name `{escape}` is incomplete: `\\u` needs exactly 4 hex digits and `\\U` exactly 8 (gcc: incomplete universal character name {escape}).',
  'lexer.invalidUniversal':
    '`{escape}` is not a valid universal character: it names a character written as itself (below U+00A0) or a UTF-16 surrogate, or is too large (gcc: {escape} is not a valid universal character).',
  'lexer.outsideUnicode':
    '`{escape}` is beyond U+10FFFF, the last Unicode code point (gcc: {escape} is outside the UCS codespace): gcc stores it as a longer, pre-2003 UTF-8 sequence that no text decoder accepts.',
  'lexer.wideString':
    'The prefix `{prefix}` makes a wide string of `wchar_t`, `char16_t` or `char32_t`, which this C subset does not support; write a plain string (UTF-8 text and `\\u00e9` work in it).',
  'lexer.wideCharacter':
    'The prefix `{prefix}` makes a wide character constant, which this C subset does not support; write a plain character constant.',
  'lexer.unclosedString': 'This string is missing its closing `"` on the same line.',
  'lexer.unclosedCharacter': "This character constant is missing its closing `'`.",
  'lexer.emptyCharacter': 'A character constant needs one character between the quotes.',
  'lexer.multiLineComment':
    'This `//` comment ends with `\\`, which joins the next line to it: that line is part of the comment and does not run.',
  'lexer.backslashSpaceNewline':
    'Spaces follow this `\\` at the end of the line; it still joins the next line to this one.',
  'lexer.multiCharacter':
    'The character constant {text} holds {bytes} bytes; C gives it an implementation-defined value.',

  // ---- preprocessor
  'preprocessor.includeMalformed': '`#include` needs a header name in <...> or "...".',
  'preprocessor.includeNotStandard':
    'This C subset provides only these headers: {headers}; `{header}` is not one of them.',
  'preprocessor.defineNoName': '`#define` needs a macro name.',
  'preprocessor.macroParameters':
    'The parameters of the macro `{name}` must be names separated by commas and closed by `)`: `{found}` is not.',
  'preprocessor.macroArguments':
    'The macro `{name}` takes {expected} arguments, but {given} were given here.',
  'preprocessor.macroUnterminated': 'The arguments of the macro `{name}` are not closed by a `)`.',
  'preprocessor.withoutIf':
    '`#{directive}` has no `#if`, `#ifdef` or `#ifndef` before it to belong to.',
  'preprocessor.elseAfterElse': '`#{directive}` comes after the `#else` of the same `#if`.',
  'preprocessor.unterminatedIf': 'This `#{directive}` is never closed by an `#endif`.',
  'preprocessor.ifdefNoName': '`#{directive}` needs the name of a macro.',
  'preprocessor.ifExpression':
    'The condition of `#{directive}` must be an integer constant expression (numbers, macros, `defined(NAME)` and operators).',
  'preprocessor.pasteInvalid':
    '`##` pasted `{left}` and `{right}` into something that is not one C token.',
  'preprocessor.inMacroDefinition': 'In the definition of {name}: {problem}',
  'preprocessor.unsupportedDirective':
    'The preprocessor directive `#{directive}` is not supported by this C subset (only #include of standard headers, #define, #undef and #if/#ifdef/#ifndef/#elif/#else/#endif are).',

  // ---- parser: a token that should be there is not
  'parser.expectedSemicolon': 'Expected `;` after {after}, but found {found}.',
  'parser.expectedToken': 'Expected `{token}`, but found {found}.',
  'parser.expectedTokenFor': 'Expected `{token}` {purpose}, but found {found}.',
  'parser.expectedDeclaration': 'Expected a declaration, but found {found}.',
  'parser.expectedName': 'Expected a name in this declaration, but found {found}.',
  'parser.expectedExpression': 'Expected an expression, but found `{token}`.',
  'parser.expectedMemberName': 'Expected a member name after `{operator}`.',
  'parser.expectedEnumerator': 'Expected the name of an enumeration constant.',
  'parser.endsInExpression': 'The program ends in the middle of an expression.',
  'parser.expressionTooDeep':
    'This expression is nested too deeply: more than {limit} operators, calls or parentheses inside one another. Split it into several statements with variables for the parts.',
  'parser.statementsTooDeep':
    'Statements are nested too deeply here: more than {limit} blocks, loops or ifs inside one another. Move the inner part into a function.',
  'parser.programTooDeep':
    'This program nests expressions or statements too deeply for this compiler to read. Split the deepest part into smaller statements or functions.',
  'parser.blockNeverClosed':
    "This block is never closed: a `{'}'}` is missing before the end of the file.",

  // ---- parser: declarations
  'parser.bodyAfterList': 'A function body must follow its own declaration.',
  'parser.unnamedParameter': 'This parameter needs a name in a function definition.',
  'parser.declarationNeedsName': 'This declaration needs a name.',
  'parser.typedefInitializer': 'A typedef cannot have an initializer.',
  'parser.functionInitialized': 'A function cannot be initialized like a variable.',
  'parser.bitFieldWidth':
    'The width of bit-field `{name}` must be a constant from 1 to {max}, the bits of its type `{type}` (0 only for an unnamed bit-field, which ends the storage unit).',
  'parser.bitFieldType':
    'Bit-field `{name}` has type `{type}`; a bit-field must have an integer type (`int`, `unsigned`, `char`, …).',
  'parser.combinedTypes': '`{type}` cannot be combined with `{base}` here.',
  'parser.notATypeName':
    '`{name}` is not a type name; a declaration starts with a type such as `int`.',
  'parser.noType':
    'This declaration has no type, so it is an `int`, as in old C; C99 requires one (write `int`).',
  'parser.tagNeeded': '`{keyword}` needs a tag name or a body.',
  'parser.tagIsEnum': '`{tag}` was declared as an enum, not a {keyword}.',
  'parser.structDefinedTwice': '`struct {tag}` is defined twice.',
  'parser.memberStorage': 'A struct member cannot be `{storage}`.',
  'parser.memberNeedsName': 'A struct member needs a name.',
  'parser.structContainsItself':
    '`struct {tag}` cannot contain itself; use a pointer (`struct {tag} *{name}`).',
  'parser.incompleteMember': '`{type}` is incomplete here: its fields are not known yet.',
  'parser.functionMember':
    'A struct member cannot be a function; use a function pointer (`(*{name})`).',
  'parser.memberTwice': 'The member `{name}` is declared twice.',
  'parser.flexibleArrayNotLast':
    'The flexible array member `{name}` must be the last member of its struct: its elements run on past the end of the struct.',
  'parser.flexibleArrayAlone':
    'The flexible array member `{name}` needs a named member before it: a struct cannot be a flexible array alone.',
  'parser.flexibleArrayInUnion':
    'A union cannot have a flexible array member (`{name}`); only a struct can.',
  'parser.flexibleStructMember':
    '`{type}` ends with a flexible array member, whose elements would run into whatever follows it here (gcc -pedantic: invalid use of structure with flexible array member).',
  'parser.emptyStruct': 'An empty struct has size 0 in GNU C.',
  'parser.alignmentNotPowerOfTwo':
    'An alignment must be a positive power of two (1, 2, 4, 8, 16, …).',
  'parser.keywordAsName': '`{keyword}` is a keyword and cannot be used as a name.',
  'parser.negativeLength': 'An array length cannot be negative.',
  'parser.variableLength':
    'An array length must be a constant here: only a local array of its own may have a length known at run time (`int a[n];`), not a global, a struct member, a pointer to an array or a type name (use malloc for a size known only at run time).',
  'checker.lengthNotInteger':
    'The length of `{name}` must be an integer, not `{type}` (gcc: size of array `{name}` has non-integer type).',
  'parser.variableLengthInner':
    'Only the first length of a local array may vary at run time in this C subset (`int m[rows][8]`); for `int m[rows][cols]` use one array of rows * cols elements, or malloc.',
  'parser.variableLengthStorage':
    "`{name}` has a length known only at run time, so it cannot be static, extern or a typedef: its storage is made on the stack as the declaration runs (gcc: storage size of `{name}` isn't constant).",
  'parser.variableLengthInitialized':
    '`{name}` has a length known only at run time, and C gives such an array no initializer (gcc: variable-sized object may not be initialized); set its elements in a loop or with memset.',
  'parser.enumValueNotConstant': 'An enumeration value must be an integer constant.',
  'parser.arrayOfFunctions':
    'An array of functions is not allowed; use an array of function pointers.',
  'parser.arrayOfVoid': 'An array of `void` is not allowed.',
  'parser.returnsArray': 'A function cannot return an array; return a pointer instead.',
  'parser.returnsFunction': 'A function cannot return a function; return a function pointer.',
  'parser.voidParameter': 'A parameter cannot have type `void`.',
  'parser.storageInTypeName': '`{storage}` cannot appear in a type name.',
  'parser.typeNameDeclares': 'A type name cannot declare `{name}`.',
  'parser.hugeDecimal': 'The integer constant {text} is so large that it is unsigned.',

  // ---- parser: statements and expressions
  'parser.unknownWord': '`{word}` is neither a keyword nor a declared name.',
  'parser.misspelledKeyword':
    '`{word}` is neither a keyword nor a declared name; did you mean `{keyword}`?',
  'parser.declarationAsBody':
    "A declaration cannot be the whole body of a statement; put it in braces `{'{'} ... {'}'}`.",
  'parser.typeAsValue': '`{name}` is a type name, not a value.',
  'parser.offsetofMemberName': 'offsetof needs a member name.',
  'parser.staticAssertFailed':
    'Static assertion failed: {message}. The condition of this `_Static_assert` is 0 (false) when the program is compiled, so gcc does not compile the program.',
  'parser.staticAssertFailedBare':
    'Static assertion failed: the condition of this `_Static_assert` is 0 (false) when the program is compiled, so gcc does not compile the program.',
  'parser.staticAssertNotConstant':
    'The condition of `_Static_assert` must be an integer constant expression, one the compiler works out by itself: numbers, `sizeof`, `offsetof`, enum constants and the operators between them, not a variable.',
  'parser.staticAssertMessage':
    'The second argument of `_Static_assert` must be a string literal, the message gcc prints when the assertion fails.',
  'parser.offsetofNotStruct': 'offsetof needs a struct type, but `{type}` is not one.',
  'parser.offsetofNotArray':
    'offsetof can index only an array member, but this member is `{type}`.',
  'parser.vaArgPromoted':
    '`va_arg` cannot fetch a `{type}`: an argument of that type is promoted to `{promoted}` when it is passed through `...`, so gcc warns and makes this `va_arg` abort the program. Write `va_arg(ap, {promoted})`.',
  'parser.offsetofIndexNotConstant':
    'An index in offsetof must be a constant here (a number or an enum value), so the offset is known when the program is compiled.',

  // ---- parser: C that this subset leaves out, by name
  'unsupported.oldStyleDefinition':
    'Old-style (K&R) parameter lists are not supported by this C subset: write the types in the list, `{prototype}`.',
  'unsupported.vaArgType':
    '`va_arg` of a `{type}` is not supported by this C subset: it fetches integers, pointers and doubles.',
  'unsupported.longDouble': '`long double` is not supported by this C subset; use `double`.',
  'unsupported.caseRange':
    'A case range may stand for at most {limit} values in this C subset: test a wider range with `if`.',
  'unsupported.typeof':
    '`typeof` of this expression is not supported by this C subset: write its type, or take `typeof` of a variable, a member or an element.',
  'unsupported.variableAlignment':
    "`{what}` on a variable is not supported by this C subset: a variable keeps its type's alignment. Put it in a struct with `__attribute__((aligned(N)))`, or drop it.",
  'unsupported.compoundLiteralInLoop':
    "A compound literal `(type){'{'}...{'}'}` in a loop's condition or a `for` update is not supported by this C subset: give it a variable inside the loop.",
  'unsupported.compoundLiteral':
    "Compound literals `(type){'{'}...{'}'}` outside a function (with static storage) are not supported by this C subset.",
  'unsupported.statementExpression':
    "Statement expressions `({'{'} ... {'}'})` are a GNU extension this C subset does not support.",
  'unsupported.complex':
    'Complex numbers (`{word}`) are not supported by this C subset; keep the real and imaginary parts in two `double`s.',
  'unsupported.atomic':
    '`{word}` is not supported by this C subset: a program here runs in one thread, so leave it out.',
  'unsupported.threadLocal':
    'Thread-local storage (`{word}`) is not supported by this C subset: a program here runs in one thread, so leave it out.',
  'unsupported.int128':
    '`{word}` (a 128-bit integer) is not supported by this C subset; the widest integers here are the 64-bit `long long` and `unsigned long long`.',
  'unsupported.generic': 'Generic selections (`{word}`) are not supported by this C subset.',
  'unsupported.inlineAssembly':
    'Inline assembly (`{word}`) is not supported by this C subset: the simulated machine runs C statements, not x86-64 instructions.',
  'unsupported.labelsAsValues':
    'Labels as values (`&&label`, `goto *pointer`) are a GNU extension this C subset does not support; choose where to jump with a `switch`.',
  'unsupported.nestedFunction':
    'A function defined inside another function (`{word}`) is a GNU extension this C subset does not support; define it outside, before the function that calls it.',
  'unsupported.library': '`{name}` is not available in this C subset: {hint}.',
  'unsupported.standardFunction':
    '`{name}` (declared in <{header}>) is not available in this C subset.',
  'unsupported.standardFunctionHint':
    '`{name}` (declared in <{header}>) is not available in this C subset; {hint}.',

  // ---- checker: declarations and definitions
  'checker.neverDefined':
    '`{name}` is declared but never defined, so the call cannot run; write its body.',
  'checker.vaStartFixedArguments':
    '`va_start` is used in `{name}`, whose parameters are all named: only a function declared with `...` after its last parameter has variable arguments to read.',
  'checker.noMain': 'The program has no `main` function; execution starts at `int main(void)`.',
  'checker.mainReturnsInt': '`main` should return `int`: its value is the exit status.',
  'checker.mainParameters':
    '`main` takes no parameters, or `int argc, char *argv[]` (and `char *envp[]`) as a program started from a shell gets them.',
  'checker.redeclaredType':
    '`{name}` is declared again with a different type (`{type}`; before: `{before}`).',
  'checker.alreadyVariable': '`{name}` is already declared as a variable.',
  'checker.alreadyInFile': '`{name}` is already declared in this file.',
  'checker.alreadyInBlock': '`{name}` is already declared in this block.',
  'checker.externAfterLocal':
    '`extern` cannot name the global `{name}` in a block that already declares a local `{name}`: a local has no linkage, and one block gives a name one meaning. Put the `extern` declaration in an inner block.',
  'checker.incompleteVariable':
    '`{name}` has type `{type}`, whose fields are never defined, so its size is unknown.',
  'checker.voidVariable':
    '`{name}` cannot have type `void`; `void` has no values (did you mean `void *`?).',
  'checker.arrayNeedsLength': 'The array `{name}` needs a length, or an initializer to count.',
  'checker.definedTwice': 'The function `{name}` is defined twice.',
  'checker.definitionType':
    '`{name}` is defined with a different type than its declaration (`{type}`).',
  'checker.replacesLibrary':
    '`{name}` has the name of a C library function; this definition replaces it in this program.',
  'checker.parameterTwice': 'Two parameters are both named `{name}`.',
  'checker.externMissing': '`extern {name}` refers to a global that is not defined in this file.',

  // ---- checker: initializers
  'checker.stringTooLong':
    'The string has {characters} characters, more than the {length} the array holds.',
  'checker.arrayNeedsList': "An array is initialized with a list in braces `{'{'} ... {'}'}`.",
  'checker.charArrayNeedsList':
    "An array is initialized with a list in braces `{'{'} ... {'}'}` or a string literal.",
  'checker.fieldDesignatorOnArray': '`.{field}` names a struct member, but this is an array.',
  'checker.tooManyElements': 'Too many initializers: the array has only {length} elements.',
  'checker.tooManyForOneElement': 'Too many initializers: the array has only {length} element.',
  'checker.designatorOutOfBounds':
    'The index `[{index}]` in this designator is outside the array (its elements are numbered 0 to {last}).',
  'checker.fieldDesignatorOnScalar':
    '`.{field}` names a struct member, but `{type}` is not a struct.',
  'checker.indexDesignatorOnScalar':
    'An index designator `[...]` needs an array, but `{type}` is not one.',
  'checker.indexDesignatorOnStruct':
    'An index designator `[...]` needs an array, but this is a struct.',
  'checker.tooManyMembers': 'Too many initializers: `{type}` has only {count} members.',
  'checker.tooManyForOneMember': 'Too many initializers: `{type}` has only {count} member.',
  'checker.tooManyForUnion':
    'Too many initializers: a union holds one member at a time, so `{type}` takes one value.',
  'checker.scalarList': '`{type}` is a single value and needs one initializer, not a list.',
  'checker.globalNotConstant':
    'A global or static variable needs a constant initializer (a number, a string, or the address of a global); assign the value in `main` instead.',
  'checker.notConstant': 'This must be an integer constant.',

  // ---- checker: statements
  'checker.switchNotInteger': 'A `switch` needs an integer value, but this is `{type}`.',
  'checker.caseOutsideSwitch': '`case` can only appear inside a `switch`.',
  'checker.defaultOutsideSwitch': '`default` can only appear inside a `switch`.',
  'checker.labelUndefined':
    'The label `{name}` is used by `goto` but not defined in this function.',
  'checker.labelDuplicate': 'The label `{name}` is defined twice in this function.',
  'parser.gotoNeedsLabel': '`goto` needs the name of a label.',
  'checker.breakOutside': '`break` can only appear inside a loop or a `switch`.',
  'checker.continueOutside': '`continue` can only appear inside a loop.',
  'checker.returnNoValue': '`{name}` returns `{type}`, but this `return` gives no value.',
  'checker.returnInVoid': '`{name}` returns `void`, so `return` cannot give a value.',
  'checker.returnsLocalAddress':
    'The function returns the address of local variable `{name}`, which no longer exists once the function returns.',
  'checker.duplicateCase': 'The value {value} appears in two `case` labels of this switch.',
  'checker.conditionNotScalar': 'A condition must be a number or a pointer, but this is `{type}`.',
  'checker.assignmentInCondition':
    'This condition is an assignment `=`; did you mean the comparison `==`?',

  // ---- checker: what can be assigned, and to what
  'checker.notModifiableValue':
    '`{expression}` is a value, not a variable or a place in memory, so it cannot be {change}.',
  'checker.notModifiableArray':
    '`{expression}` is an array; an array as a whole cannot be {change} (copy it element by element or with memcpy).',
  'checker.notModifiableConst': '`{expression}` is `const`, so it cannot be {change}.',
  'checker.notModifiableConstMember':
    '`{expression}` has a `const` member, so it cannot be {change} as a whole.',
  'checker.cannotAssign': 'Cannot assign `{from}` where `{to}` is expected.',
  'checker.cannotInitialize': 'Cannot initialize `{from}` where `{to}` is expected.',
  'checker.cannotReturn': 'Cannot return `{from}` where `{to}` is expected.',
  'checker.cannotPass': 'Cannot pass `{from}` where `{to}` is expected.',
  'checker.dropsConstAssign':
    'This assigns a pointer to `const` data into `{to}`, which drops the `const`.',
  'checker.dropsConstInitialize':
    'This initializes a pointer to `const` data into `{to}`, which drops the `const`.',
  'checker.dropsConstPass':
    'This passes a pointer to `const` data into `{to}`, which drops the `const`.',
  'checker.pointerMismatch':
    '`{expression}` is {type}, but `{to}` is expected; the pointer types do not match.',
  'checker.pointerFromInteger':
    'This makes the pointer `{to}` from the integer `{expression}` without a cast.',
  'checker.intToPointerCast':
    'This casts `{from}`, narrower than a pointer, to the pointer `{to}` (gcc: cast to pointer from integer of different size): a pointer has 8 bytes, so the upper ones come from sign or zero extension, not from an address.',
  'checker.pointerToIntCast':
    'This casts the pointer `{from}` to `{to}`, narrower than a pointer (gcc: cast from pointer to integer of different size): the upper bytes of the address are lost.',
  'checker.integerFromPointer':
    'This makes the integer `{to}` from the pointer `{expression}` without a cast.',

  // ---- checker: expressions
  'checker.compoundNeedsNumbers':
    '`{operator}` needs numbers on both sides, but these are `{left}` and `{right}`.',
  'checker.compoundNeedsIntegers':
    '`{operator}` needs integers, but these are `{left}` and `{right}`.',
  'checker.conditionalTypes':
    'The two results of `? :` have incompatible types `{left}` and `{right}`.',
  'checker.indexNotArray':
    '`{expression}` is {type}, not an array or a pointer, so it cannot be indexed with `[ ]`.',
  'checker.indexNotInteger': 'An array index must be an integer, but `{expression}` is {type}.',
  'checker.indexVoidPointer':
    '`{expression}` is a `void *`: it points to bytes of no known type, so it cannot be indexed; cast it first.',
  'checker.indexIncomplete':
    '`{type}` is incomplete: its size is unknown, so it cannot be indexed.',
  'checker.castToAggregate':
    'A cast to `{type}` is not allowed: casts convert to a number or a pointer type.',
  'checker.castFromAggregate': '`{from}` cannot be cast to `{to}`.',
  'checker.castDoubleToPointer': 'A `double` cannot be cast to a pointer.',
  'checker.castPointerToDouble': 'A pointer cannot be cast to `double`.',
  'checker.sizeofFunction': '`sizeof` cannot be applied to a function.',
  'checker.sizeofIncomplete':
    '`{type}` is incomplete: its members are not known, so it has no size.',
  'checker.sizeofUnknownLength':
    '`{type}` is an array of unknown length, so it has no size (a flexible array member has as many elements as were allocated after its struct).',
  'checker.flexibleArrayInitializer':
    'The flexible array member `{name}` cannot be initialized: the struct has no room for its elements. Allocate `sizeof` the struct plus room for them with malloc, and store them there.',
  'checker.assertNotCalled': '`assert` must be called like a function: `assert(condition);`.',
  'checker.undeclared': '`{name}` is not declared. Declare it before using it.',
  'checker.undeclaredLibrary':
    '`{name}` is not declared: <{header}> declares it, and this file does not include it. Add `#include <{header}>` at the top.',
  'checker.implicitDeclaration':
    '`{name}` is called without a declaration (gcc: implicit declaration of function ‘{name}’): <{header}> declares it. Add `#include <{header}>` at the top.',
  'checker.implicitDeclarationTruncates':
    '`{name}` is called without a declaration (gcc: implicit declaration of function ‘{name}’), so C assumes it returns `int`: only the low 32 bits of the `{type}` it really returns are kept, sign-extended. Add `#include <{header}>` at the top, which declares it.',
  'checker.incompatibleBuiltin':
    'Without a declaration C assumes `int {name}()`, but gcc knows `{name}` as `{type}` (gcc: incompatible implicit declaration of built-in function ‘{name}’) and uses that type. Add `#include <{header}>` at the top.',
  'checker.implicitFunction':
    "`{name}` is called before it is declared (gcc: implicit declaration of function ‘{name}’), so C assumes `int {name}()`: the arguments are passed without being converted to its parameters' types. Declare it first with the prototype `{prototype}`.",
  'checker.definedBelow':
    '`{name}` is defined further down, and C needs a function declared before its first use: add the prototype `{prototype}` above this function, or move `{name}` up.',
  'checker.missingReturn':
    '`{name}` returns `{type}`, but control can reach its closing brace without a `return`: the caller then gets whatever value happens to be left behind.',
  'checker.divisionByZero':
    'Division by zero: the right operand of `{operator}` is the constant 0 (gcc warns: division by zero [-Wdiv-by-zero]). Between integers the processor cannot divide by zero and the program dies with SIGFPE; between doubles the result is inf or nan.',
  'checker.compareStringLiteral':
    '`{operator}` with a string literal compares addresses, not the characters, and whether equal literals share one address is unspecified: compare the text with `strcmp(a, b) == 0`.',
  'checker.useAfterFree':
    '`{name}` is used after `free({name})` on line {line}: the block it points to is no longer the program’s, and the allocator may already have reused it.',
  'checker.useAfterRealloc':
    '`{name}` is used after it was passed to `realloc` on line {line} (gcc: pointer ‘{name}’ used after ‘realloc’): realloc may have moved the block and freed the old one, so use the pointer realloc returned instead.',
  'checker.mayUseAfterRealloc':
    '`{name}` may be used after it was passed to `realloc` on line {line} (gcc: pointer ‘{name}’ may be used after ‘realloc’): where realloc succeeded it may have moved the block and freed the old one, so use the pointer realloc returned instead.',
  'checker.overflowConversionDouble':
    'The value {value} does not fit in `{to}` (gcc: overflow in conversion from ‘double’ to ‘{to}’ changes value from ‘{value}’ to ‘{result}’): gcc converts this constant to the nearest value that fits, {result}, while converting a `double` variable gives another answer.',
  'checker.shiftCountOverflow':
    'Shifting a {width}-bit `{type}` by {count} bits is undefined in C (gcc: {direction} shift count >= width of type): gcc computes a constant shift as if the bits went on (0, or -1 for a negative value shifted right), while the processor uses only the low bits of the count.',
  'checker.shiftCountNegative':
    'A shift by a negative count, {count}, is undefined in C (gcc: {direction} shift count is negative): the processor uses only the low bits of the count.',
  'checker.integerOverflow':
    'This constant arithmetic overflows `{type}` (gcc: integer overflow in expression of type ‘{type}’ results in ‘{result}’): gcc computes it and wraps it around to {result}; signed overflow is undefined behaviour in C.',
  'checker.freeUnallocated':
    '`free` is given the address of `{name}`, which malloc never allocated (gcc: ‘free’ called on unallocated object ‘{name}’): free() may only be given a pointer that malloc, calloc or realloc returned.',
  'checker.freeLiteral':
    '`free` is given a string literal, which lives in read-only memory and was never allocated (gcc: ‘free’ called on a pointer to an unallocated object ‘"{text}"’).',
  'checker.freeOffset':
    '`free` is given `{name}` moved {offset} bytes into its block (gcc: ‘free’ called on pointer ‘{name}’ with nonzero offset {offset}): free() needs the very pointer malloc returned, the start of the block.',
  'checker.stringOverflow':
    'This writes {bytes} bytes into `{name}`, which holds only {size} (gcc: ‘{function}’ writing {bytes} bytes into a region of size {size} overflows the destination): the bytes past its end belong to something else.',
  'checker.stringOverflowOffset':
    'This writes {bytes} bytes at offset {offset} into `{name}` of {total} bytes, where only {size} remain (gcc: ‘{function}’ writing {bytes} bytes into a region of size {size} overflows the destination): the bytes past its end belong to something else.',
  'checker.stringOverflowBlock':
    'This writes {bytes} bytes into the {total}-byte block `{name}` points to, where only {size} are available (gcc: ‘{function}’ writing {bytes} bytes into a region of size {size} overflows the destination): the bytes past its end belong to the heap’s bookkeeping or to another block.',
  'checker.overflowConversion':
    'The value {value} does not fit in `{to}`: converting this `{from}` to `{to}` changes it to {result}.',
  'checker.formatArgumentType':
    "The format's `{directive}` expects `{wanted}`, but argument {index} has type `{type}`: printf does not convert it and prints nonsense.",
  'checker.scanfArgumentType':
    "The format's `{directive}` expects `{wanted}`, but argument {index} has type `{type}`: scanf stores what it reads at the address the argument holds, so a variable needs `&` before it.",
  'checker.formatMissingArgument':
    "The format's `{directive}` expects a matching `{wanted}` argument, but there is none: printf prints whatever is left in the register or stack slot where it would be.",
  'checker.formatExtraArguments':
    'More arguments than the format has conversions: argument {index} and any after it are never printed.',
  'checker.formatLength':
    'The `{length}` length modifier has no effect, or undefined behaviour, with `%{conversion}`: leave it out.',
  'checker.formatUnknown':
    '`%{character}` is not a printf conversion: printf prints it as it is. Write `%%` for a percent sign.',
  'checker.formatTrailingPercent':
    'The format ends with a lone `%`: write `%%` to print a percent sign.',
  'checker.formatUnfinished':
    'The format ends in the middle of the conversion `{directive}`: it needs a conversion character such as `d` or `s`.',
  'checker.undeclaredNear': '`{name}` is not declared; did you mean `{near}`?',
  'checker.unaryNeedsNumber': 'Unary `{operator}` needs a number, but `{expression}` is {type}.',
  'checker.bitNotNeedsInteger': '`~` flips the bits of an integer, but `{expression}` is {type}.',
  'checker.notNeedsScalar': '`!` needs a number or a pointer, but `{expression}` is {type}.',
  'checker.derefNotPointer':
    '`{expression}` is {type}, not a pointer, so `*{expression}` cannot follow it to memory.',
  'checker.derefVoidPointer':
    '`{expression}` is {type}: it points to bytes of no known type, so it cannot be dereferenced; cast it to a typed pointer first.',
  'checker.addressOfBitField':
    'Bit-field `{name}` has no address: its bits share their bytes with other members, and a pointer points to a whole byte.',
  'checker.addressOfValue':
    '`{expression}` is a value, not a variable or a place in memory, so it has no address.',
  'checker.usedUninitialized':
    '`{name}` is used uninitialized: it was declared without a value and nothing has been stored in it yet, so it holds whatever bytes were left on the stack.',
  'checker.maybeUsedUninitialized':
    '`{name}` may be used uninitialized: on a path that reaches this line nothing has been stored in it, and then it holds whatever bytes were left on the stack.',
  'checker.addressOfRegister':
    '`{name}` is declared `register`, and C gives a register variable no address, so `&{name}` is an error; remove `register` to take its address.',
  'checker.stepNeedsScalar':
    '`{operator}` needs a number or a pointer, but `{expression}` is {type}.',
  'checker.stepIncomplete': '`{type}` is incomplete, so a pointer to it cannot be moved.',
  'checker.logicalNeedsScalars': '`{operator}` needs numbers or pointers: {operands}.',
  'checker.cannotAdd': '`+` cannot add these: {operands}.',
  'checker.cannotAddPointers':
    '`+` cannot add these: {operands} (two pointers cannot be added; subtracting them gives their distance).',
  'checker.subtractDifferentPointers':
    'Only pointers to the same type can be subtracted: {operands}.',
  'checker.cannotSubtract': '`-` cannot subtract these: {operands}.',
  'checker.needsNumbers': '`{operator}` needs numbers: {operands}.',
  'checker.needsIntegers': '`{operator}` needs integers: {operands}.',
  'checker.shiftNeedsIntegers': '`{operator}` shifts an integer: {operands}.',
  'checker.comparePointerTypes': 'Comparing pointers to different types: {operands}.',
  'checker.comparePointerInteger': 'Comparing a pointer with an integer: {operands}.',
  'checker.cannotCompare': '`{operator}` cannot compare these: {operands}.',
  'checker.arithmeticIncomplete':
    '`{type}` is incomplete: its size is unknown, so pointer arithmetic on it is impossible.',
  'checker.functionPointerArithmetic': 'Arithmetic on a function pointer is not allowed.',
  'checker.arrowNeedsPointer':
    '`{expression}` is {type}, so `{expression}->{member}` needs a struct pointer.',
  'checker.arrowOnStruct':
    '`{expression}` is {type}, so `{expression}->{member}` needs a struct pointer (it is a struct itself: write `{expression}.{member}`).',
  'checker.arrowOnUnion':
    '`{expression}` is {type}, so `{expression}->{member}` needs a union pointer (it is a union itself: write `{expression}.{member}`).',
  'checker.dotNeedsStruct':
    '`{expression}` is {type}, not a struct, so it has no member `{member}`.',
  'checker.dotOnPointer':
    '`{expression}` is {type}, not a struct, so it has no member `{member}`. It is a pointer to a struct: write `{expression}->{member}`.',
  'checker.dotOnUnionPointer':
    '`{expression}` is {type}, not a union, so it has no member `{member}`. It is a pointer to a union: write `{expression}->{member}`.',
  'checker.memberOfIncomplete':
    '`{type}` is incomplete: its members are not defined at this point.',
  'checker.noMember': '`{type}` has no member named `{member}` (its members are {members}).',
  'checker.noMemberNone': '`{type}` has no member named `{member}` (its members are none).',
  'checker.noMemberNamed': '`{type}` has no member named `{member}`.',
  'checker.assertArguments': '`assert` takes exactly one condition.',
  'checker.assertCondition': '`assert` needs a condition (a number or a pointer).',
  'checker.notCallable': '`{expression}` is {type}, not a function, so it cannot be called.',
  'checker.argumentCount': '`{name}` takes {takes}, but {given}.',
  'checker.argumentCountUnnamed': 'The function takes {takes}, but {given}.',
  'checker.structToVariadic':
    'Passing a struct to a variable-argument function such as printf is not supported.',
  'checker.returnIncomplete': '`{type}` is incomplete, so it cannot be returned.',
  'checker.layoutTooSmall':
    'The {layout} layout cannot hold this program: its code and data reach {imageEnd}, past the start of the mmap area at {mmapBase}, below which the heap must lie. Make its global arrays smaller, or use the linux-x86_64 layout.',

  // ---- phrases: parts of the sentences above
  'phrase.endOfFile': 'the end of the file',
  'phrase.token': '`{token}`',
  // A type's name with its English article: "a `char *`", "an `int *`".
  'phrase.aType': 'a `{type}`',
  'phrase.anType': 'an `{type}`',
  'phrase.operands': '`{left}` is {leftType} and `{right}` is {rightType}',
  'phrase.assigned': 'assigned',
  'phrase.incremented': 'incremented',
  'phrase.decremented': 'decremented',
  'phrase.arguments': '{count} arguments',
  'phrase.oneArgument': '{count} argument',
  'phrase.argumentsOrMore': '{count} arguments or more',
  'phrase.oneArgumentOrMore': '{count} argument or more',
  'phrase.givenMany': '{count} are given',
  'phrase.givenOne': '{count} is given',
  // What a `;` should follow.
  'phrase.after.declaration': 'the declaration',
  'phrase.after.structMember': 'the struct member',
  'phrase.after.doWhile': '`do ... while (...)`',
  'phrase.after.forInitializer': 'the `for` initializer',
  'phrase.after.forCondition': 'the `for` condition',
  'phrase.after.break': '`break`',
  'phrase.after.continue': '`continue`',
  'phrase.after.goto': 'the `goto` statement',
  'phrase.after.return': 'the `return` statement',
  'phrase.after.expression': 'the expression',
  // What another expected token is for.
  'phrase.for.closeDeclarator': 'to close the declarator',
  'phrase.for.closeParameterList': 'to close the parameter list',
  'phrase.for.afterDesignator': 'after the designator',
  'phrase.for.closeInitializerList': 'to close the initializer list',
  'phrase.for.afterIf': 'after `if`',
  'phrase.for.closeIfCondition': 'to close the `if` condition',
  'phrase.for.afterWhile': 'after `while`',
  'phrase.for.closeWhileCondition': 'to close the `while` condition',
  'phrase.for.afterDoBody': 'after the body of `do`',
  'phrase.for.afterFor': 'after `for`',
  'phrase.for.closeForHeader': 'to close the `for` header',
  'phrase.for.afterSwitch': 'after `switch`',
  'phrase.for.afterCaseValue': 'after the `case` value',
  'phrase.for.afterDefault': 'after `default`',
  'phrase.for.conditionalColon': 'in the conditional expression `? :`',
  'phrase.for.closeCast': 'to close the cast',
  'phrase.for.closeSubscript': 'to close the subscript',
  'phrase.for.closeArgumentList': 'to close the argument list',
  'phrase.for.closeParenthesis': 'to close the parenthesis',
  'phrase.for.afterOffsetofType': 'after the type in offsetof',
  'phrase.for.closeOffsetof': 'to close offsetof',
  'phrase.for.afterVaArgList': 'after the `va_list` in va_arg',
  // Why a library function is left out (`unsupported.library`), by function.
  'phrase.library.fopen': 'files are not supported; print with `printf` or `fprintf(stderr, …)`',
  'phrase.library.pthread_create': 'threads are not supported',
  'phrase.library.fork': 'processes are not supported',
  'phrase.library.mmap': 'call `malloc` with a large size: the allocator uses mmap for it',
  'phrase.library.alloca': '`alloca` is not supported; use a local array',
  'phrase.library.setjmp': '`setjmp`/`longjmp` are not supported',
  // What to use instead of a standard function the subset leaves out (standard-library.ts).
  'phrase.standard.random': 'use `rand` and `srand`',
  'phrase.standard.reallocarray': 'use `realloc` with the size multiplied out'
} as const satisfies Record<string, string>

export type DiagnosticKey = keyof typeof DIAGNOSTIC_MESSAGES

type PhraseName<K> = K extends `phrase.${infer Name}` ? Name : never
/** What a `;` should follow, e.g. `after.declaration` ("the declaration"). */
export type SemicolonContext = PhraseName<Extract<DiagnosticKey, `phrase.after.${string}`>>
/** What another expected token is for, e.g. `for.afterIf` ("after `if`"). */
export type TokenPurpose = PhraseName<Extract<DiagnosticKey, `phrase.for.${string}`>>

/** The `{name}` parameters a template uses (not `{'…'}` literals). */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends `'${string}` ? never : P) | Placeholders<Rest>
  : never

/** The parameters `key`'s English template needs. */
export type ParamsOf<K extends DiagnosticKey> = Placeholders<(typeof DIAGNOSTIC_MESSAGES)[K]>
