/** Half of a surrogate pair without the other half. */
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What keeps a database from storing or comparing this text as it was sent: NUL (PostgreSQL
 * refuses it in text) or a lone surrogate (stored as U+FFFD, so changed); undefined when none.
 */
export function unstorableProblem(text: string): string | undefined {
  if (text.includes('\u0000')) {
    return 'must not contain the NUL character (\\u0000)';
  }
  if (LONE_SURROGATE.test(text)) {
    return 'must be well-formed Unicode text: it holds half of a surrogate pair (\\ud800 to \\udfff) alone';
  }
  return undefined;
}
