import type {
  ChecklistAnswers,
  ChecklistItem,
} from '@internal/plugin-social-media-common';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';

/**
 * A checklist to tick, every item required: an item left open shows the
 * backend's (or the shared rules') message under it.
 */
export function ChecklistFields(props: {
  legend: string;
  items: readonly ChecklistItem[];
  answers: ChecklistAnswers;
  onChange: (answers: ChecklistAnswers) => void;
  /** Messages keyed by item id. */
  errors: Record<string, string>;
  helperText: string;
}) {
  const { legend, items, answers, onChange, errors, helperText } = props;
  // An item ticked since the last attempt no longer shows its message.
  const open = items.filter(item => answers[item.id] !== true);
  const failed = open.some(item => errors[item.id]);
  return (
    <FormControl component="fieldset" required error={failed}>
      <FormLabel component="legend">{legend}</FormLabel>
      <FormGroup>
        {items.map(item => (
          <FormControlLabel
            key={item.id}
            control={
              <Checkbox
                checked={answers[item.id] === true}
                onChange={event =>
                  onChange({ ...answers, [item.id]: event.target.checked })
                }
              />
            }
            label={item.label}
          />
        ))}
      </FormGroup>
      <FormHelperText>
        {open
          .map(item => errors[item.id])
          .filter(Boolean)
          .join(' · ') || helperText}
      </FormHelperText>
    </FormControl>
  );
}

/** Field errors of a 400 (`checklist.<id>`) or of the shared rules, by item id. */
export function checklistErrors(
  fields: Array<{ field: string; message: string }>,
): Record<string, string> {
  return Object.fromEntries(
    fields
      .filter(f => f.field.startsWith('checklist.'))
      .map(f => [f.field.slice('checklist.'.length), f.message]),
  );
}
