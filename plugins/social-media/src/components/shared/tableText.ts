/**
 * For a table's `sx`: its cells wrap between words. Backstage's theme lets table cells break
 * inside any word (`word-break: break-word`), which squeezes a column of names down to a letter
 * or two ("Communicatio ns"); here only a word too long for its column is cut.
 */
export const wrapBetweenWords = {
  '& th, & td': { wordBreak: 'normal', overflowWrap: 'break-word' },
} as const;
