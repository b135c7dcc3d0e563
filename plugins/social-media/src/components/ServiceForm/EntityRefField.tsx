import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useEntityOptions } from '../shared/useEntityOptions';

/**
 * A text field for a catalog Group or User ref, suggesting the catalog's
 * entities as people type; anything typed is kept as it is and checked by
 * the schema (`marketing`, `group:marketing` and `group:default/marketing`
 * all work).
 */
export function EntityRefField(props: {
  label: string;
  kind: 'Group' | 'User';
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  error?: string;
  helperText: string;
}) {
  const { label, kind, value, onChange, required, error, helperText } = props;
  const options = useEntityOptions(kind);
  const titles = new Map(options.map(o => [o.ref, o.title]));
  // People look for "Human Resources" as often as for "hr": match both.
  const filterOptions = createFilterOptions<string>({
    stringify: ref => `${titles.get(ref) ?? ''} ${ref}`,
  });
  return (
    <Autocomplete
      freeSolo
      options={options.map(o => o.ref)}
      filterOptions={filterOptions}
      inputValue={value}
      onInputChange={(_event, next) => onChange(next)}
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
