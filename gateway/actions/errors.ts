/** An action refused, with the HTTP status that says why: 400 malformed, 404 no such thing, 409 not possible here (a missing capability, nothing pending). */
export class ActionError extends Error {
  constructor(readonly status: 400 | 404 | 409, message: string, readonly valid?: readonly string[]) {
    super(message);
  }
}
