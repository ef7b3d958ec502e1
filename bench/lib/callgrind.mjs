// Reads callgrind's output format (valgrind --tool=callgrind), for bench/instructions.mjs and
// bench/callgrind-summary.mjs.

/**
 * V8's optimizing compilers and its garbage collector, by the names of their C++ functions. How
 * much of either runs in a few hundred bookings depends on when V8 decides to optimize a function
 * or to start a full collection, not on the code under test: two runs of one build differed by 7 %
 * in the total and by 40 % in the collector, and by 1.2 % in the rest. That rest, the platform's
 * own work (its JavaScript, Node, SQLite), is the figure to compare builds by.
 */
export const COMPILER = /v8::internal::compiler::|turboshaft|[Mm]aglev|v8::internal::Compiler::|OptimizedCompilationJob|v8::internal::Zone\b|RegisterAllocat|InstructionSelector|CodeGenerator/;
export const GC = new RegExp([
  String.raw`v8::internal::(Heap|Scavenger|ScavengerCollector|MarkCompactCollector|MinorMarkCompact|ConcurrentMarking|IncrementalMarking|Sweeper|ArrayBufferSweeper|GCTracer|PagedSpace|PagedSpaceBase|NewSpace|SemiSpace|MemoryAllocator|LocalHeap)\b`,
  'MarkingVisitor', 'MarkingState', 'MarkingWorklist', 'MarkingBarrier', 'Scaveng', 'Evacuat', 'RememberedSet', 'SlotSet', 'MemoryChunk',
  'RecordMigrat', 'LiveObjectRange', 'IterateObjectCache', 'Pretenuring', 'FreeList', 'RootVisitor', 'ObjectVisitor', 'WeakObjects',
  'SizeFromMap', 'heap::base::', 'cppgc::',
].join('|'));

/** Which of the three parts a function's own instructions count in. */
export const partOf = (name) => (COMPILER.test(name) ? 'compiler' : GC.test(name) ? 'gc' : 'platform');

/**
 * Walks a dump's costs: `own(fn, object, count)` for instructions a function ran itself,
 * `call(caller, callee, count)` for all a call cost, callee's callees included.
 *
 * The format: `ob=` and `fn=` set the object and function of the cost lines below them, by
 * `(id) name` the first time and `(id)` after (`cob=` and `cfn=` share those ids); a `calls=`
 * line is followed by the cost line of that call, which the callee's own lines count again.
 */
export function readCallgrind(text, { own, call = () => undefined }) {
  const ids = new Map();
  const reference = (kind, text) => {
    const [, id, name] = /^\((\d+)\)(?: (.*))?$/.exec(text) ?? [undefined, undefined, text];
    if (id === undefined) return name;
    if (name !== undefined) ids.set(`${kind}${id}`, name);
    return ids.get(`${kind}${id}`) ?? '';
  };
  let object = '';
  let fn = '';
  let callee = '';
  let callCost = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('ob=')) object = reference('ob', line.slice(3));
    else if (line.startsWith('cob=')) reference('ob', line.slice(4));
    else if (line.startsWith('fn=')) fn = reference('fn', line.slice(3));
    else if (line.startsWith('cfn=')) callee = reference('fn', line.slice(4));
    else if (line.startsWith('calls=')) callCost = true;
    else if (/^[+\-*\d]/.test(line)) {
      const count = Number(line.trim().split(/\s+/)[1] ?? 0);
      if (callCost) call(fn, callee, count);
      else own(fn, object, count);
      callCost = false;
    }
  }
}
