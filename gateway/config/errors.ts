// Turns zod issues into technician-readable lines:
//   file: path.to.key: what was expected, what was found
import type { z } from 'zod';
import { SECRET_KEY_NAME } from './secret.js';
import { maskUrlValueCredentials } from '../util/url-credentials.js';

/** The file's own text (a value or a key), cut to 60 characters: a pasted blob is not echoed whole. */
const cut = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
/** Control characters written as escapes: a value with a newline must not start a line of its own (a forged "ok"). */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const visible = (text: string): string => text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
/** A value or key as the problem line shows it: cut, quoted, on one line. */
export const quoted = (text: string): string => `"${visible(cut(text))}"`;

// Problems go to the terminal, the journal and the safe-mode page on the
// wall: a secret's value is never echoed. A key named like a secret is not
// shown at all; a URL keeps its user name and loses its password.

export function describeFound(value: unknown, key?: PropertyKey): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof key === 'string' && SECRET_KEY_NAME.test(key)) return `${typeof value === 'string' ? 'text' : `a ${typeof value}`} (not shown: a secret)`;
  if (typeof value === 'string') return `${quoted(maskUrlValueCredentials(value, '***'))} (text)`;
  return `${String(value)} (${typeof value})`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : visible(cut(String(p))))).join('.').replace(/\.\[/g, '[');
}

/** zod's type names in a technician's words (the safe-mode page's Korean glosses key on these). */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  record: 'a mapping', object: 'a mapping', array: 'a list', string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false',
};

/** "1 item", "3 items". */
const counted = (n: number | bigint, noun: string): string => `${String(n)} ${noun}${Number(n) === 1 ? '' : 's'}`;

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => quoted(k)).join(', ')} (check the spelling; see device-configs/schema.json)`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (Number(issue.minimum) === 1 && (issue.origin === 'string' || issue.origin === 'array')) return issue.origin === 'string' ? 'expected some text' : 'expected at least one item';
      return `expected ${issue.origin === 'string' ? `at least ${counted(issue.minimum, 'character')}` : issue.origin === 'array' ? `at least ${counted(issue.minimum, 'item')}` : 'a value ≥ ' + String(issue.minimum)}`;
    case 'too_big':
      return `expected ${issue.origin === 'string' ? `at most ${counted(issue.maximum, 'character')}` : issue.origin === 'array' ? `at most ${counted(issue.maximum, 'item')}` : 'a value ≤ ' + String(issue.maximum)}`;
    case 'invalid_format':
      return `expected ${issue.message.replace(/^Invalid string: must match pattern .*$/, 'a valid ' + issue.format).replace(/^expected /, '')}`;
    case 'invalid_union': {
      // A secret reference is the one union of strings and objects; literal unions list their options.
      const literals = issue.errors.flat().filter((e) => e.code === 'invalid_value').flatMap((e) => (e.code === 'invalid_value' ? e.values : []));
      if (literals.length > 0 && literals.length === issue.errors.length) return `expected one of ${literals.map((v) => JSON.stringify(v)).join(', ')}`;
      return 'expected text, {env: VAR_NAME} or {file: /path}';
    }
    case 'invalid_key': {
      // A record's key (a word of the voice's pronunciations): what the key should be, from its own check.
      const inner = issue.issues[0];
      return inner ? expectation(inner) : 'expected a valid key';
    }
    default:
      return `expected ${issue.message}`;
  }
}

/** One line per issue; every issue is listed, none is dropped. */
export function formatIssues(file: string, raw: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const found = issue.code === 'unrecognized_keys' ? ''
      : issue.code === 'invalid_key' ? `, found the key ${quoted(String(issue.path.at(-1)))}`
        : `, found ${describeFound(valueAt(raw, issue.path), issue.path.findLast((p) => typeof p === 'string'))}`;
    return `${file}: ${formatPath(issue.path)}: ${expectation(issue)}${found}`;
  });
}
