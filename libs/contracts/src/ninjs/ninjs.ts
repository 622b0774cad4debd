import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
// IPTC's ninjs 3.1 schema, unchanged (MIT, see LICENSE-ninjs-schema beside it).
import ninjsSchema from './ninjs-schema_3.1.json';

interface Typed {
  role?: string;
  contentType?: string;
  value: string;
}

/** The part of ninjs 3.1 that Newsroom writes; the official schema is what validates it. */
export interface NinjsDocument {
  uri: string;
  type: 'text';
  representationType: 'full';
  standard: { name: 'ninjs'; version: '3.1'; schema: string };
  version: string;
  firstCreated: string;
  versionCreated: string;
  contentCreated?: string;
  embargoedUntil?: string;
  pubStatus: 'usable' | 'withheld' | 'canceled';
  language: string;
  headlines: Typed[];
  descriptions?: Typed[];
  bodies: (Typed & { wordCount?: number; charCount?: number })[];
  by?: string;
  people?: { name?: string; rel?: string; literal?: string }[];
  subjects?: { name?: string; rel?: string; uri?: string; literal?: string }[];
  genres?: { name?: string; uri?: string; literal?: string }[];
  altIds?: { role?: string; value?: string }[];
  infoSources?: { name?: string; role?: string; uri?: string; literal?: string }[];
  slugline?: string;
  edNote?: string;
}

/** What is left of a killed article: its identity and why it went, never its content. */
export interface NinjsKilledDocument {
  uri: string;
  standard: NinjsDocument['standard'];
  version: string;
  versionCreated: string;
  pubStatus: 'canceled';
  edNote: string;
}

export const NINJS_SCHEMA_URI: string = ninjsSchema.$id.replace(/#$/, '');

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
// Places' geometry refers to GeoJSON's schema, which cannot be fetched at run time; Newsroom writes no geometry.
ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object', required: ['type'] });
const validateNinjs = ajv.compile(ninjsSchema);

/** Checks a document against the official schema; returns one line per problem naming the field, empty when valid. */
export function ninjsProblems(document: unknown): string[] {
  if (validateNinjs(document)) return [];
  return (validateNinjs.errors ?? []).map((error) => {
    const path = error.instancePath.slice(1).replaceAll('/', '.');
    const extra = (error.params as { additionalProperty?: string; unevaluatedProperty?: string }) ?? {};
    const unknown = extra.additionalProperty ?? extra.unevaluatedProperty;
    if (unknown) return `${path ? `${path}.` : ''}${unknown}: is not a ninjs property`;
    return `${path || '(document)'}: ${error.message ?? 'is invalid'}`;
  });
}
