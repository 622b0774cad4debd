import { JsonSchema } from './event-contract';

/** One change that can break a consumer of an event type, where it is and what it is. */
export interface BreakingChange {
  /** JSON Pointer-like path of the field, `(data)` for the payload itself. */
  readonly path: string;
  readonly kind: 'removed' | 'made-required' | 'made-optional' | 'added-required' | 'type' | 'enum' | 'narrowed' | 'meaning';
  readonly detail: string;
}

type Schema = { readonly [keyword: string]: unknown };

/** Keywords that say what a value means: a different value is a different field under the same name. */
const MEANING = ['description', 'format', 'const', '$ref', 'contentMediaType', 'contentEncoding'];
/** Lower bounds: raising one refuses values that were valid. */
const LOWER = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
/** Upper bounds: lowering one refuses values that were valid. */
const UPPER = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
/** Compared by walking into them, or harmless to change (annotations that carry no meaning). */
const WALKED = new Set([
  ...MEANING,
  ...LOWER,
  ...UPPER,
  'type',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  'pattern',
  '$schema',
  'title',
  'examples',
  'default',
  'deprecated',
]);

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const types = (schema: Schema): string[] | undefined =>
  schema.type === undefined ? undefined : ([] as string[]).concat(schema.type as string | string[]);

/**
 * What in `next` can break a consumer written against `previous`, the JSON Schema of the same event
 * type: the list is empty when the only changes are new optional fields, new enum values, looser
 * bounds or annotations. Linear in the size of the two schemas.
 */
export function breakingChanges(previous: JsonSchema, next: JsonSchema): BreakingChange[] {
  const found: BreakingChange[] = [];
  compare(previous, next, '', found);
  return found;
}

function compare(before: Schema, after: Schema, path: string, found: BreakingChange[]): void {
  const at = path || '(data)';
  const report = (kind: BreakingChange['kind'], detail: string) => found.push({ path: at, kind, detail });

  for (const keyword of MEANING) {
    if (!same(before[keyword], after[keyword])) {
      report('meaning', `${keyword} changed from ${JSON.stringify(before[keyword])} to ${JSON.stringify(after[keyword])}`);
    }
  }
  compareTypes(types(before), types(after), report);
  if (Array.isArray(before.enum)) {
    const kept = new Set((Array.isArray(after.enum) ? after.enum : []).map((value) => JSON.stringify(value)));
    const lost = before.enum.filter((value) => !kept.has(JSON.stringify(value)));
    if (after.enum !== undefined && lost.length)
      report('enum', `no longer allows ${lost.map((value) => JSON.stringify(value)).join(', ')}`);
  } else if (after.enum !== undefined) {
    report('enum', `now limited to ${JSON.stringify(after.enum)}`);
  }
  for (const keyword of LOWER) {
    const [was, is] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
    if (is !== undefined && (was === undefined || is > was)) report('narrowed', `${keyword} raised from ${was ?? 'none'} to ${is}`);
  }
  for (const keyword of UPPER) {
    const [was, is] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
    if (is !== undefined && (was === undefined || is < was)) report('narrowed', `${keyword} lowered from ${was ?? 'none'} to ${is}`);
  }
  if (after.pattern !== undefined && !same(before.pattern, after.pattern))
    report('narrowed', `pattern is now ${JSON.stringify(after.pattern)}`);
  if (after.additionalProperties === false && before.additionalProperties !== false) report('narrowed', 'no longer allows other fields');

  compareProperties(before, after, path, found, report);
  if (isSchema(before.items) && isSchema(after.items)) compare(before.items, after.items, `${path}/items`, found);
  else if (!same(before.items, after.items)) report('type', 'items changed');
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) compareAlternatives(keyword, before, after, path, found, report);

  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!WALKED.has(keyword) && !same(before[keyword], after[keyword])) report('meaning', `${keyword} changed`);
  }
}

function compareTypes(before: string[] | undefined, after: string[] | undefined, report: (kind: 'type', detail: string) => void): void {
  if (same(before, after)) return;
  if (!before || !after) {
    report('type', `type ${before ? `${before.join('|')} no longer declared` : `now limited to ${after!.join('|')}`}`);
    return;
  }
  // An integer is a number: number → integer narrows, integer → number widens what a consumer must read.
  const lost = before.filter((type) => !after.includes(type) && !(type === 'integer' && after.includes('number')));
  const gained = after.filter((type) => !before.includes(type) && !(type === 'integer' && before.includes('number')));
  if (lost.length) report('type', `narrowed: no longer ${lost.join('|')}`);
  if (gained.length) report('type', `widened to ${gained.join('|')}: a consumer reading ${before.join('|')} cannot read it`);
}

function compareProperties(
  before: Schema,
  after: Schema,
  path: string,
  found: BreakingChange[],
  report: (kind: BreakingChange['kind'], detail: string) => void,
): void {
  const was = (isSchema(before.properties) ? before.properties : {}) as Record<string, Schema>;
  const is = (isSchema(after.properties) ? after.properties : {}) as Record<string, Schema>;
  const required = (schema: Schema) => new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const [wasRequired, isRequired] = [required(before), required(after)];
  const added = Object.keys(is).filter((name) => !Object.hasOwn(was, name));
  for (const name of Object.keys(was)) {
    const field = `${path}/${name}`;
    if (!Object.hasOwn(is, name)) {
      const renamed = added.length ? ` (renamed to ${added.join(' or ')}?)` : '';
      found.push({ path: field, kind: 'removed', detail: `field removed${renamed}` });
      continue;
    }
    if (!wasRequired.has(name) && isRequired.has(name))
      found.push({ path: field, kind: 'made-required', detail: 'optional field made required' });
    if (wasRequired.has(name) && !isRequired.has(name))
      found.push({ path: field, kind: 'made-optional', detail: 'required field made optional' });
    compare(was[name], is[name], field, found);
  }
  for (const name of added) {
    if (isRequired.has(name))
      found.push({ path: `${path}/${name}`, kind: 'added-required', detail: 'new field is required: events already written lack it' });
  }
  for (const name of isRequired) {
    if (!Object.hasOwn(is, name) && !wasRequired.has(name)) report('made-required', `${name} is now required`);
  }
}

function compareAlternatives(
  keyword: string,
  before: Schema,
  after: Schema,
  path: string,
  found: BreakingChange[],
  report: (kind: BreakingChange['kind'], detail: string) => void,
): void {
  const [was, is] = [before[keyword], after[keyword]];
  if (was === undefined && is === undefined) return;
  if (!Array.isArray(was) || !Array.isArray(is) || was.length !== is.length) {
    report(keyword === 'allOf' ? 'narrowed' : 'type', `${keyword} changed`);
    return;
  }
  was.forEach((option, index) => compare(option as Schema, is[index] as Schema, `${path}/${keyword}/${index}`, found));
}

/**
 * Every break between the committed snapshot (type → JSON Schema) and the schemas the contracts
 * declare now. A type in the snapshot must still be declared, its schema without a breaking change:
 * a break takes a new type (`.v2`) beside the old one. A declared type absent from the snapshot is
 * reported too, so that no type goes unguarded.
 */
export function snapshotProblems(snapshot: Record<string, JsonSchema>, current: Record<string, JsonSchema>): string[] {
  const problems: string[] = [];
  for (const [type, schema] of Object.entries(snapshot)) {
    if (!Object.hasOwn(current, type)) {
      problems.push(`${type}: no longer declared; keep producing it until its successor has replaced it, then remove it from the snapshot`);
      continue;
    }
    for (const change of breakingChanges(schema, current[type])) {
      problems.push(`${type} ${change.path}: ${change.kind}: ${change.detail}; declare the change as a new version of the type instead`);
    }
  }
  for (const type of Object.keys(current)) {
    if (!Object.hasOwn(snapshot, type)) problems.push(`${type}: not in the snapshot; run npm run contracts:snapshot`);
  }
  return problems;
}
