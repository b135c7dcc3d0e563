import {
  ACCESS_REVIEW_STATUSES,
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_TITLES,
  PLATFORM_TITLES,
  RISK_RATING_FILTERS,
  SOCIAL_PLATFORMS,
  normalizeEntityRef,
} from '@internal/plugin-social-media-common';
import CheckBoxIcon from '@mui/icons-material/CheckBox';
import CheckBoxOutlineBlankIcon from '@mui/icons-material/CheckBoxOutlineBlank';
import FilterListOffIcon from '@mui/icons-material/FilterListOff';
import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { memo, useEffect, useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { RISK_RATING_TITLES } from '../RiskBadge';
import { ACCESS_REVIEW_STATUS_TITLES } from '../shared/guardianship';
import { useSignedInIdentity } from '../ServiceRequests/useSignedInIdentity';
import { useTypedTextOnBlur } from '../shared/useTypedTextOnBlur';
import { useEntityOptions } from '../shared/useEntityOptions';
import { CatalogueView, NO_FILTERS, hasFilters } from './catalogueView';
import { useRestOfPageAllowed } from './useServiceList';

const SEARCH_DELAY_MS = 400;

/** The choices of the stage compliance filter, as the URL writes them. */
const COMPLIANCE_CHOICES = [
  { value: '', title: 'Any' },
  { value: 'true', title: 'Meets its stage' },
  { value: 'false', title: 'Out of compliance' },
] as const;

/** The ratings, and services not rated yet. */
const RISK_FILTER_TITLES = { ...RISK_RATING_TITLES, unrated: 'Not rated' };

const checkbox = (selected: boolean) =>
  selected ? (
    <CheckBoxIcon fontSize="small" sx={{ mr: 1 }} aria-hidden />
  ) : (
    <CheckBoxOutlineBlankIcon fontSize="small" sx={{ mr: 1 }} aria-hidden />
  );

/** A multi-select of known values, e.g. platforms; its label names it. */
function MultiSelect<T extends string>(props: {
  label: string;
  options: readonly T[];
  titles: Record<T, string>;
  value: T[];
  onChange: (value: T[]) => void;
}) {
  const { label, options, titles, value, onChange } = props;
  return (
    <Autocomplete
      multiple
      disableCloseOnSelect
      size="small"
      limitTags={2}
      options={options as T[]}
      value={value}
      onChange={(_event, next) => onChange(next)}
      getOptionLabel={option => titles[option] ?? option}
      renderOption={(optionProps, option, { selected }) => {
        const { key, ...rest } = optionProps as typeof optionProps & {
          key: string;
        };
        return (
          <li key={key} {...rest}>
            {checkbox(selected)}
            {titles[option] ?? option}
          </li>
        );
      }}
      renderInput={params => <TextField {...params} label={label} />}
      sx={{ minWidth: 200, maxWidth: { md: 360 }, flex: '1 1 200px' }}
    />
  );
}

/** Owner groups: suggested from the catalog, or typed as entity refs. */
function OwnerGroupFilter(props: {
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const groups = useEntityOptions('Group', {
    enabled: useRestOfPageAllowed(),
  });
  const titles = new Map(groups.map(g => [g.ref, g.title]));
  // A chosen group reads by its name; the suggestions name the ref too, and match either.
  const name = (ref: string) => titles.get(ref) ?? ref;
  const label = (ref: string) =>
    titles.has(ref) ? `${titles.get(ref)} (${ref})` : ref;
  const filterOptions = createFilterOptions<string>({ stringify: label });
  const choose = (next: string[]) =>
    props.onChange([
      ...new Set(
        next
          .map(ref => normalizeEntityRef(ref, 'group'))
          .filter((ref): ref is string => Boolean(ref)),
      ),
    ]);
  const typed = useTypedTextOnBlur(text => choose([...props.value, text]));
  return (
    <Autocomplete
      multiple
      freeSolo
      disableCloseOnSelect
      size="small"
      limitTags={2}
      options={groups.map(g => g.ref)}
      value={props.value}
      onChange={(_event, next) => choose(next)}
      {...typed}
      getOptionLabel={name}
      filterOptions={filterOptions}
      renderOption={(optionProps, option, { selected }) => {
        const { key, ...rest } = optionProps as typeof optionProps & {
          key: string;
        };
        return (
          <li key={key} {...rest}>
            {checkbox(selected)}
            {label(option)}
          </li>
        );
      }}
      renderInput={params => (
        <TextField
          {...params}
          label="Owner group"
          placeholder={props.value.length ? undefined : 'group:default/…'}
        />
      )}
      sx={{ minWidth: 220, maxWidth: { md: 400 }, flex: '1 1 220px' }}
    />
  );
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The services of the signed-in person's own teams, in one switch: on, the owner-group filter
 * holds exactly their groups. Not shown to someone in no group.
 */
function MyTeamsSwitch(props: {
  value: string[];
  onChange: (ownerGroup: string[]) => void;
}) {
  const { identity } = useSignedInIdentity();
  const mine = useMemo(
    () =>
      [
        ...new Set(
          (identity?.ownershipEntityRefs ?? [])
            .map(lower)
            .filter(ref => ref.startsWith('group:')),
        ),
      ].sort(),
    [identity],
  );
  if (mine.length === 0) return null;
  const chosen = new Set(props.value.map(lower));
  const on = chosen.size === mine.length && mine.every(ref => chosen.has(ref));
  return (
    <FormControlLabel
      label="Owned by my teams"
      control={
        <Switch
          checked={on}
          onChange={event => props.onChange(event.target.checked ? mine : [])}
          inputProps={{ role: 'switch' }}
        />
      }
    />
  );
}

/**
 * The catalogue's filters: text search (applied as the user pauses typing),
 * platform, owner group (or the person's own teams, in one switch), stage, risk,
 * access review status, stage compliance, open incidents and leavers with
 * access. The owner groups are suggested from
 * the catalog once the page lets the rest of it ask (`RestOfPageContext`:
 * once its list has arrived, so that the list is not kept waiting by the
 * catalog's answer). Rendered again only when its props change.
 */
export const CatalogueFilters = memo(function CatalogueFiltersInner(props: {
  view: CatalogueView;
  onChange: (
    change: Partial<CatalogueView>,
    options?: { replace?: boolean },
  ) => void;
}) {
  const { view, onChange } = props;
  const [search, setSearch] = useState(view.search);

  // Follow the URL when it changes under us (back button, "Clear filters").
  useEffect(() => setSearch(view.search), [view.search]);

  useDebounce(
    () => {
      if (search.trim() !== view.search) {
        onChange({ search: search.trim() }, { replace: true });
      }
    },
    SEARCH_DELAY_MS,
    [search],
  );

  return (
    <Box
      role="search"
      aria-label="Filter services"
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 2,
        alignItems: 'center',
      }}
    >
      <TextField
        type="search"
        size="small"
        label="Search"
        placeholder="Name, handle, purpose or business unit"
        value={search}
        onChange={event => setSearch(event.target.value)}
        sx={{ minWidth: 260, flex: '2 1 260px' }}
      />
      <MultiSelect
        label="Platform"
        options={SOCIAL_PLATFORMS}
        titles={PLATFORM_TITLES}
        value={view.platform}
        onChange={platform => onChange({ platform })}
      />
      <OwnerGroupFilter
        value={view.ownerGroup}
        onChange={ownerGroup => onChange({ ownerGroup })}
      />
      <MultiSelect
        label="Lifecycle stage"
        options={LIFECYCLE_STAGES}
        titles={LIFECYCLE_STAGE_TITLES}
        value={view.lifecycleStage}
        onChange={lifecycleStage => onChange({ lifecycleStage })}
      />
      <MultiSelect
        label="Risk rating"
        options={RISK_RATING_FILTERS}
        titles={RISK_FILTER_TITLES}
        value={view.riskRating}
        onChange={riskRating => onChange({ riskRating })}
      />
      <MultiSelect
        label="Access review"
        options={ACCESS_REVIEW_STATUSES}
        titles={ACCESS_REVIEW_STATUS_TITLES}
        value={view.accessReview}
        onChange={accessReview => onChange({ accessReview })}
      />
      <TextField
        select
        size="small"
        label="Stage compliance"
        value={view.compliant === undefined ? '' : String(view.compliant)}
        onChange={event =>
          onChange({
            compliant:
              event.target.value === ''
                ? undefined
                : event.target.value === 'true',
          })
        }
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        sx={{ minWidth: 180, flex: '0 1 200px' }}
      >
        {COMPLIANCE_CHOICES.map(choice => (
          <option key={choice.value} value={choice.value}>
            {choice.title}
          </option>
        ))}
      </TextField>
      <MyTeamsSwitch
        value={view.ownerGroup}
        onChange={ownerGroup => onChange({ ownerGroup })}
      />
      <FormControlLabel
        label="Has open incidents"
        control={
          <Switch
            checked={view.hasOpenIncidents === true}
            onChange={event =>
              onChange({
                hasOpenIncidents: event.target.checked ? true : undefined,
              })
            }
            inputProps={{ role: 'switch' }}
          />
        }
      />
      <FormControlLabel
        label="People who left still hold access"
        control={
          <Switch
            checked={view.hasLeavers === true}
            onChange={event =>
              onChange({
                hasLeavers: event.target.checked ? true : undefined,
              })
            }
            inputProps={{ role: 'switch' }}
          />
        }
      />
      <FormControlLabel
        label="Changed outside the catalogue"
        control={
          <Switch
            checked={view.changedOutside === true}
            onChange={event =>
              onChange({
                changedOutside: event.target.checked ? true : undefined,
              })
            }
            inputProps={{ role: 'switch' }}
          />
        }
      />
      {hasFilters(view) && (
        <Button
          startIcon={<FilterListOffIcon />}
          onClick={() => onChange(NO_FILTERS)}
        >
          Clear filters
        </Button>
      )}
    </Box>
  );
});
