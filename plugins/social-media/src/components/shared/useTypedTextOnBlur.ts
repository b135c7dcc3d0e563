import { useState } from 'react';

/**
 * For a multiple, free-solo Autocomplete: text typed and not chosen yet is added when the field
 * loses focus, as people expect of a field they typed into. MUI's own `autoSelect` would also
 * choose the highlighted option on blur, and in a multiple select that unselects an option just
 * picked with the mouse (with `disableCloseOnSelect` it stays highlighted).
 *
 * @returns props to spread on the Autocomplete
 */
export function useTypedTextOnBlur(add: (typed: string) => void) {
  const [inputValue, setInputValue] = useState('');
  return {
    inputValue,
    onInputChange: (_event: unknown, value: string) => setInputValue(value),
    onBlur: () => {
      if (inputValue.trim()) add(inputValue.trim());
      setInputValue('');
    },
  };
}
