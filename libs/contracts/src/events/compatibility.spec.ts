import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakingChanges, currentSchemas, DraftRevised, JsonSchema, ReviewApproved, SCHEMA_SNAPSHOT_FILE, snapshotProblems } from '..';

type Mutable = Record<string, any>;
/** A deep copy of a contract's schema, to change the way a careless commit would. */
const copy = (schema: JsonSchema): Mutable => structuredClone<Mutable>(schema);
const kinds = (previous: JsonSchema, next: JsonSchema) => breakingChanges(previous, next).map((change) => `${change.path} ${change.kind}`);

describe('the breaking-change guard', () => {
  it('finds no break between the committed snapshot and the contracts as they are', () => {
    const snapshot = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', SCHEMA_SNAPSHOT_FILE), 'utf8'));
    expect(snapshotProblems(snapshot, currentSchemas())).toEqual([]);
  });

  const revised: Mutable = DraftRevised.schema;

  it('lets an optional field be added, an enum or a bound be widened, and reports nothing for an unchanged schema', () => {
    expect(kinds(revised, revised)).toEqual([]);
    const next = copy(revised);
    next.properties.mood = { type: 'string', description: 'how the author felt' };
    next.properties.content.properties.headline.maxLength = 900;
    expect(kinds(revised, next)).toEqual([]);
  });

  it('fails when a field is removed, or renamed', () => {
    const removed = copy(revised);
    delete removed.properties.updates;
    expect(kinds(revised, removed)).toEqual(['/updates removed']);

    const renamed = copy(revised);
    renamed.properties.writer = renamed.properties.author;
    delete renamed.properties.author;
    renamed.required = renamed.required.map((name: string) => (name === 'author' ? 'writer' : name));
    const changes = breakingChanges(revised, renamed);
    expect(changes.map((change) => `${change.path} ${change.kind}`)).toEqual(['/author removed', '/writer added-required']);
    expect(changes[0].detail).toContain('renamed to writer?');
  });

  it('fails when an optional field is made required, or a new field is required', () => {
    const required = copy(revised);
    required.required.push('updates');
    expect(kinds(revised, required)).toEqual(['/updates made-required']);

    const nested = copy(revised);
    nested.properties.content.required.push('section');
    expect(kinds(revised, nested)).toEqual(['/content/section made-required']);
  });

  it('fails when a type is narrowed (or changed)', () => {
    const integer = copy(ReviewApproved.schema);
    integer.properties.note.type = 'integer';
    expect(kinds(ReviewApproved.schema, integer)).toEqual(expect.arrayContaining(['/note type']));

    const tags = copy(revised);
    tags.properties.content.properties.tags.type = 'string';
    expect(kinds(revised, tags)).toContain('/content/tags type');

    const nullable = copy(revised);
    nullable.properties.revision = { anyOf: [revised.properties.revision, { type: 'null' }] };
    const backToPlain = copy(nullable);
    backToPlain.properties.revision = revised.properties.revision;
    expect(kinds(nullable, backToPlain)).toContain('/revision type');
  });

  it('fails when an enum loses a value, or a bound or pattern tightens', () => {
    const before = copy(revised);
    before.properties.content.properties.language = { type: 'string', enum: ['fr', 'en', 'de'] };
    const after = copy(before);
    after.properties.content.properties.language.enum = ['fr', 'en'];
    const lost = breakingChanges(before, after);
    expect(lost.map((change) => `${change.path} ${change.kind}`)).toEqual(['/content/language enum']);
    expect(lost[0].detail).toContain('"de"');

    const shorter = copy(revised);
    shorter.properties.content.properties.headline.maxLength = 120;
    shorter.properties.content.properties.tags.maxItems = 5;
    shorter.properties.content.properties.slug.pattern = '^[a-z]+$';
    expect(kinds(revised, shorter)).toEqual(['/content/headline narrowed', '/content/tags narrowed', '/content/slug narrowed']);
  });

  it('fails when a field changes meaning: its description, its format or the schema it refers to', () => {
    const described = copy(revised);
    described.properties.at.description = 'when the desk received it, not when the author saved it';
    expect(kinds(revised, described)).toEqual(['/at meaning']);

    const format = copy(revised);
    format.properties.at.format = 'date';
    expect(kinds(revised, format)).toEqual(['/at meaning']);

    const published = currentSchemas()['newsroom.article.published.v1'];
    const otherNinjs = copy(published);
    otherNinjs.allOf[0].$ref = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json';
    otherNinjs.properties.pubStatus.const = 'withheld';
    expect(kinds(published, otherNinjs)).toEqual(['/pubStatus meaning', '/allOf/0 meaning']);
  });

  it('lets a break through only as a new version of the type, the old one still declared', () => {
    const snapshot = { 'newsroom.draft.revised.v1': revised };
    const broken = copy(revised);
    delete broken.properties.updates;

    expect(snapshotProblems(snapshot, { 'newsroom.draft.revised.v1': broken })).toEqual([
      expect.stringContaining('newsroom.draft.revised.v1 /updates: removed'),
    ]);
    // Moved to .v2 and the old type dropped at once: consumers of v1 are left with nothing.
    expect(snapshotProblems(snapshot, { 'newsroom.draft.revised.v2': broken })).toEqual([
      expect.stringContaining('newsroom.draft.revised.v1: no longer declared'),
      expect.stringContaining('newsroom.draft.revised.v2: not in the snapshot'),
    ]);
    // Both declared, the v2 recorded: the break is a documented new version.
    const both = { 'newsroom.draft.revised.v1': revised, 'newsroom.draft.revised.v2': broken };
    expect(snapshotProblems({ ...snapshot, 'newsroom.draft.revised.v2': broken }, both)).toEqual([]);
  });
});
