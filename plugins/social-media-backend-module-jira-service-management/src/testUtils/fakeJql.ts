/*
 * A small JQL engine for the fake Jira: the subset of the language the connector and the tests
 * use, parsed the way Jira parses it (quoted strings with backslash escapes, AND/OR/NOT with
 * parentheses, IN lists, ORDER BY), with errors reported as Jira reports them.
 */

/** A JQL error, reported in `errorMessages` of a 400 answer. */
export class JqlError extends Error {}

type Token =
  | { type: 'string'; value: string }
  | { type: 'word'; value: string }
  | { type: 'op'; value: string }
  | { type: '(' | ')' | ',' };

const OPERATOR_CHARS = '=!<>~';
const WORD_STOP = /[\s"'()=!<>~,]/;

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= jql.length) {
          throw new JqlError(
            `Error in the JQL Query: The quoted string '${value}' has not been completed.`,
          );
        }
        const d = jql[i];
        if (d === c) {
          i++;
          break;
        }
        if (d === '\\') {
          const e = jql[i + 1];
          const simple: Record<string, string> = {
            '"': '"',
            "'": "'",
            '\\': '\\',
            n: '\n',
            r: '\r',
            t: '\t',
            ' ': ' ',
          };
          if (e !== undefined && e in simple) {
            value += simple[e];
            i += 2;
          } else if (
            e === 'u' &&
            /^[0-9a-fA-F]{4}$/.test(jql.slice(i + 2, i + 6))
          ) {
            value += String.fromCharCode(parseInt(jql.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            throw new JqlError(
              `Error in the JQL Query: The escape sequence '\\${
                e ?? ''
              }' in the string is illegal.`,
            );
          }
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ type: 'string', value });
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c });
      i++;
    } else if (OPERATOR_CHARS.includes(c)) {
      const two = jql.slice(i, i + 2);
      if (['!=', '!~', '>=', '<='].includes(two)) {
        tokens.push({ type: 'op', value: two });
        i += 2;
      } else if (c === '!') {
        throw new JqlError(
          "Error in the JQL Query: The character '!' is a reserved JQL character.",
        );
      } else {
        tokens.push({ type: 'op', value: c });
        i++;
      }
    } else {
      let value = '';
      while (i < jql.length && !WORD_STOP.test(jql[i])) value += jql[i++];
      tokens.push({ type: 'word', value });
    }
  }
  return tokens;
}

export type JqlNode =
  | { type: 'and'; items: JqlNode[] }
  | { type: 'or'; items: JqlNode[] }
  | { type: 'not'; item: JqlNode }
  | {
      type: 'clause';
      field: string;
      op: string;
      values: string[];
      list: boolean;
      empty: boolean;
    };

export interface JqlQuery {
  where?: JqlNode;
  orderBy: Array<{ field: string; desc: boolean }>;
}

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'order',
  'by',
  'asc',
  'desc',
  'empty',
  'null',
]);

/** Parses a JQL query; throws {@link JqlError} with Jira's kind of message. */
export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, word: string) =>
    t?.type === 'word' && t.value.toLowerCase() === word;
  const describe = (t: Token | undefined) => {
    if (t === undefined) return 'the end of the query';
    return 'value' in t ? `'${t.value}'` : `'${t.type}'`;
  };
  const fail = (expected: string): never => {
    throw new JqlError(
      `Error in the JQL Query: Expecting ${expected} but got ${describe(
        peek(),
      )}.`,
    );
  };

  const value = (): { text: string; empty: boolean } => {
    const t = peek();
    if (t?.type === 'string') {
      pos++;
      return { text: t.value, empty: false };
    }
    if (t?.type === 'word') {
      const lower = t.value.toLowerCase();
      if (lower === 'empty' || lower === 'null') {
        pos++;
        return { text: '', empty: true };
      }
      if (KEYWORDS.has(lower)) fail('a value');
      pos++;
      return { text: t.value, empty: false };
    }
    return fail("either a value, 'EMPTY' or a list of values");
  };

  const clause = (): JqlNode => {
    const fieldToken = peek();
    if (
      !fieldToken ||
      (fieldToken.type !== 'word' && fieldToken.type !== 'string') ||
      (fieldToken.type === 'word' &&
        KEYWORDS.has(fieldToken.value.toLowerCase()))
    ) {
      return fail('a field name');
    }
    pos++;
    const field = fieldToken.value;
    let op: string;
    const t = peek();
    if (t?.type === 'op') {
      op = t.value;
      pos++;
    } else if (isWord(t, 'in')) {
      op = 'in';
      pos++;
    } else if (isWord(t, 'not') && isWord(tokens[pos + 1], 'in')) {
      op = 'not in';
      pos += 2;
    } else if (isWord(t, 'is')) {
      pos++;
      if (isWord(peek(), 'not')) {
        pos++;
        op = 'is not';
      } else {
        op = 'is';
      }
    } else {
      return fail('an operator');
    }
    if (op === 'in' || op === 'not in') {
      if (peek()?.type !== '(') fail("'('");
      pos++;
      const values: string[] = [];
      for (;;) {
        values.push(value().text);
        const next = peek();
        if (next?.type === ',') {
          pos++;
          continue;
        }
        if (next?.type === ')') {
          pos++;
          break;
        }
        fail("',' or ')'");
      }
      return { type: 'clause', field, op, values, list: true, empty: false };
    }
    const v = value();
    if ((op === 'is' || op === 'is not') && !v.empty) {
      fail("'EMPTY' or 'NULL'");
    }
    return {
      type: 'clause',
      field,
      op,
      values: v.empty ? [] : [v.text],
      list: false,
      empty: v.empty,
    };
  };

  // eslint-disable-next-line prefer-const
  let or: () => JqlNode;
  const unary = (): JqlNode => {
    if (isWord(peek(), 'not')) {
      pos++;
      return { type: 'not', item: unary() };
    }
    if (peek()?.type === '(') {
      pos++;
      const inner = or();
      if (peek()?.type !== ')') fail("')'");
      pos++;
      return inner;
    }
    return clause();
  };
  const and = (): JqlNode => {
    const items = [unary()];
    while (isWord(peek(), 'and')) {
      pos++;
      items.push(unary());
    }
    return items.length === 1 ? items[0] : { type: 'and', items };
  };
  or = () => {
    const items = [and()];
    while (isWord(peek(), 'or')) {
      pos++;
      items.push(and());
    }
    return items.length === 1 ? items[0] : { type: 'or', items };
  };

  let where: JqlNode | undefined;
  if (peek() && !isWord(peek(), 'order')) where = or();
  const orderBy: JqlQuery['orderBy'] = [];
  if (isWord(peek(), 'order')) {
    pos++;
    if (!isWord(peek(), 'by')) fail("'by'");
    pos++;
    for (;;) {
      const t = peek();
      if (!t || (t.type !== 'word' && t.type !== 'string')) {
        fail('a field name');
      }
      pos++;
      let desc = false;
      if (isWord(peek(), 'asc')) pos++;
      else if (isWord(peek(), 'desc')) {
        pos++;
        desc = true;
      }
      orderBy.push({ field: (t as { value: string }).value, desc });
      if (peek()?.type !== ',') break;
      pos++;
    }
  }
  if (peek()) fail('the end of the query');
  return { where, orderBy };
}

/** Words of a text, for the `~` text search: lower case, punctuation dropped. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Jira's text search, simplified: a quoted phrase must appear in order, other words anywhere. */
export function textMatches(fieldText: string, query: string): boolean {
  const haystack = words(fieldText);
  const trimmed = query.trim();
  if (trimmed.length > 1 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const phrase = words(trimmed.slice(1, -1));
    if (phrase.length === 0) return false;
    for (let i = 0; i + phrase.length <= haystack.length; i++) {
      if (phrase.every((w, j) => haystack[i + j] === w)) return true;
    }
    return false;
  }
  const wanted = words(trimmed);
  return wanted.length > 0 && wanted.every(w => haystack.includes(w));
}
