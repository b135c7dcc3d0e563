import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  useEntityOptions,
  type EntityOption,
} from '../shared/useEntityOptions';

const same = (a: string, b: string) =>
  a.trim().toLocaleLowerCase('en-US') === b.trim().toLocaleLowerCase('en-US');

/**
 * The ref that typed text stands for: a catalog entity's ref or its name as the
 * catalog shows it (when only one entity has it), else the text as typed, for
 * the schema to check (`marketing`, `group:marketing` and
 * `group:default/marketing` all work).
 */
export function refForText(text: string, options: EntityOption[]): string {
  const byRef = options.find(o => same(o.ref, text));
  if (byRef) return byRef.ref;
  const byTitle = options.filter(o => same(o.title, text));
  return byTitle.length === 1 ? byTitle[0].ref : text;
}

/**
 * A text field for a catalog Group or User, suggesting the catalog's entities
 * as people type. It shows the entity's name ("Human Resources") and gives the
 * form its ref (`group:default/hr`); what is typed that matches no entity is
 * kept as it is and checked by the schema.
 */
export function EntityRefField(props: {
  label: string;
  kind: 'Group' | 'User';
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  error?: string;
  helperText?: string;
  /** `small` in a row of filters. */
  size?: 'small' | 'medium';
  /** A width of its own, e.g. in a row of filters; by default the width it is given. */
  width?: string;
}) {
  const { label, kind, value, onChange, required, error, helperText } = props;
  const options = useEntityOptions(kind);
  const titles = useMemo(
    () => new Map(options.map(o => [o.ref, o.title])),
    [options],
  );
  const [text, setText] = useState(value);
  // The value the person's typing last gave: what they typed stays as they typed it.
  const typed = useRef<string>();
  // Any other value (a form filled in, a reset, the catalog's names arriving) shows by name.
  useEffect(() => {
    if (typed.current !== value) setText(titles.get(value) ?? value);
  }, [value, titles]);
  // People look for "Human Resources" as often as for "hr": match both.
  const filterOptions = createFilterOptions<string>({
    stringify: ref => `${titles.get(ref) ?? ''} ${ref}`,
  });
  return (
    <Autocomplete
      freeSolo
      size={props.size}
      sx={props.width ? { width: props.width } : undefined}
      options={options.map(o => o.ref)}
      filterOptions={filterOptions}
      getOptionLabel={ref => titles.get(ref) ?? ref}
      inputValue={text}
      onInputChange={(_event, next) => {
        typed.current = refForText(next, options);
        setText(next);
        onChange(typed.current);
      }}
      // A picked entity is its ref, even when two share a name.
      onChange={(_event, picked) => {
        if (typeof picked === 'string' && titles.has(picked)) onChange(picked);
      }}
      renderOption={(optionProps, option) => {
        const { key, ...rest } = optionProps as typeof optionProps & {
          key: string;
        };
        return (
          <li key={key} {...rest}>
            {titles.get(option) ?? option} ({option})
          </li>
        );
      }}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required={required}
          error={Boolean(error)}
          helperText={error ?? helperText}
        />
      )}
    />
  );
}
