import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://newsroom.example/problems/';

/** An RFC 9457 problem document; extension members sit beside the standard ones. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/** One rejected input field: `field` is its JSON path, e.g. `byline.name` or `keywords[2]`. */
export interface FieldError {
  field: string;
  message: string;
}

/** A slug names a newsroom problem type; without one the HTTP status says it all (`about:blank`). */
export function problemType(slug?: string): string {
  return slug ? `${PROBLEM_TYPE_BASE}${slug}` : 'about:blank';
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
