// A YAML syntax error as one problem line: where (line and column), what the
// parser says, the key when it is a duplicate, and how to fix the common ones.
import type { YAMLError } from 'yaml';
import { quoted } from './errors.js';

const HINTS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'keep one of them (merge their settings under one key)',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'indent it under its parent with spaces, as the lines around it are',
  MISSING_CHAR: 'add the missing character (a closing bracket, brace or quote)',
  MULTILINE_IMPLICIT_KEY: 'a key and its colon go on one line; quote a value that holds ": "',
};

export function yamlProblem(e: YAMLError, text: string, file: string): string {
  const at = e.linePos?.[0];
  const where = at ? `line ${at.line}, column ${at.col}` : 'line ?';
  // The parser's first line ends with " at line N, column M:" (its code frame follows): said once, in front.
  let what = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (e.code === 'DUPLICATE_KEY' && at) {
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:#]+?))\s*:/.exec(text.split('\n')[at.line - 1]?.slice(at.col - 1) ?? '');
    const name = key?.[1] ?? key?.[2] ?? key?.[3];
    if (name !== undefined) what = `the key ${quoted(name)} is given twice in the same mapping`;
  }
  const hint = HINTS[e.code];
  return `${file}: ${where}: ${what}${hint ? `; ${hint}` : ''}`;
}
