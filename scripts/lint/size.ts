// Sizes of the sources: lines per file and per function, measured with the
// TypeScript compiler's own parser so that a function is what the language says.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 80;

const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
const TEST = /\.test\.(ts|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'artifacts', 'data', '.git', 'fixtures']);
/** Top-level folders that hold sources (`test/` for its rig: the tests themselves are left out). */
const ROOTS = ['gateway', 'display', 'scripts', 'eslint-rules', 'kiosk', 'test'];

export interface FileSize { file: string; lines: number }
export interface FunctionSize { file: string; name: string; line: number; lines: number }

/** Every non-test source file under the roots, as repository-relative paths with `/`. */
export function sourceFiles(repo: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (SOURCE.test(entry.name) && !TEST.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(relative(repo, join(dir, entry.name)).split(sep).join('/'));
      }
    }
  };
  for (const root of ROOTS) walk(join(repo, root));
  return out.sort();
}

/** Lines as `wc -l` counts them, plus a last line without a newline. */
export function countLines(text: string): number {
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') || text.length === 0 ? newlines : newlines + 1;
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name) || ts.isPrivateIdentifier(named.name))) {
    return named.name.text;
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `<anonymous@${line + 1}>`;
}

/** Every function-like node (declarations, expressions, arrows, methods, accessors, constructors) and its span in lines. */
export function functionSizes(file: string, text: string): FunctionSize[] {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ file, name: nameOf(node, source), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export interface Sizes { files: FileSize[]; functions: FunctionSize[] }

export function measure(repo: string, files = sourceFiles(repo)): Sizes {
  const sizes: Sizes = { files: [], functions: [] };
  for (const file of files) {
    const text = readFileSync(join(repo, file), 'utf8');
    sizes.files.push({ file, lines: countLines(text) });
    sizes.functions.push(...functionSizes(file, text));
  }
  sizes.files.sort((a, b) => b.lines - a.lines);
  sizes.functions.sort((a, b) => b.lines - a.lines);
  return sizes;
}
