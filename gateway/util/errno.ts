// An error's code and its text for a technician's line: "CODE: what happened",
// with the code said once (Node's own messages often carry it already:
// "EEXIST: file already exists, …", "getaddrinfo ENOTFOUND host").

export const errnoCode = (err: unknown): string => String((err as { code?: unknown } | null)?.code ?? 'error');

export function errnoText(err: unknown): string {
  const code = errnoCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith(`${code}: `) || message.includes(` ${code} `) ? message : `${code}: ${message}`;
}
