import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { allContracts, deadLetterTopic, Topics } from '@newsroom/contracts';
import { ASYNCAPI_FILE, asyncApiYaml } from '../tools/asyncapi-document';

const path = join(__dirname, '..', ASYNCAPI_FILE);
const committed = readFileSync(path, 'utf8');

describe('docs/asyncapi.yaml', () => {
  it('is what npm run asyncapi writes from the contracts as they are (run it after changing an event)', () => {
    expect(committed).toEqual(asyncApiYaml());
  });

  it('is a valid AsyncAPI 3 document for @asyncapi/parser, with every topic and every event type', async () => {
    const { document, diagnostics } = await new Parser().parse(committed, { source: path });
    // Severity 0 is an error (the parser's DiagnosticSeverity, from Spectral); warnings and hints are not failures.
    expect(diagnostics.filter((diagnostic) => Number(diagnostic.severity) === 0)).toEqual([]);
    expect(document).toBeDefined();

    const addresses = document!
      .channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses).toEqual(
      expect.arrayContaining([
        ...Object.values(Topics),
        deadLetterTopic(Topics.drafts, 'editorial'),
        deadLetterTopic(Topics.reviews, 'publication'),
        deadLetterTopic(Topics.reviews, 'ingestion'),
        deadLetterTopic(Topics.articles, 'ingestion'),
      ]),
    );
    const latest = document!
      .channels()
      .all()
      .find((channel) => channel.address() === Topics.articlesLatest)!;
    expect(latest.bindings().get('kafka')!.value()).toMatchObject({ topicConfiguration: { 'cleanup.policy': ['compact'] } });

    const names = document!
      .messages()
      .all()
      .map((message) => message.name());
    expect(names).toEqual(expect.arrayContaining(allContracts().map((contract) => contract.type)));
  });

  it('gives each message its CloudEvents headers, its key and its payload, the ninjs one resolved from the vendored schema', async () => {
    const { document } = await new Parser().parse(committed, { source: path });
    const published = document!
      .messages()
      .all()
      .find((message) => message.name() === 'newsroom.article.published.v1')!;
    const headers = published.headers()!.json<{ properties: Record<string, { const?: string }>; required: string[] }>();
    expect(headers.properties.ce_type.const).toBe('newsroom.article.published.v1');
    expect(headers.required).toEqual(expect.arrayContaining(['ce_id', 'ce_source', 'ce_type', 'ce_specversion']));
    expect(published.bindings().get('kafka')!.value()).toMatchObject({ key: { type: 'string', format: 'uuid' } });
    // The $ref to the vendored official schema is followed: the payload knows ninjs's own fields.
    const payload = JSON.stringify(published.payload()!.json());
    expect(payload).toContain('"headlines"');
    expect(payload).toContain('"usable"');

    const submitted = document!
      .messages()
      .all()
      .find((message) => message.name() === 'newsroom.draft.submitted.v1')!;
    expect(Object.keys(submitted.payload()!.properties()!)).toEqual(['storyId', 'revision', 'author', 'content', 'at']);
  });
});
