import {
  AccessReview,
  ACCESS_REVIEW_DECISIONS,
  ACCOUNT_STATUSES,
  GuardianshipControls,
  MFA_METHODS,
  RecordProblem,
  RiskAssessment,
  RiskFactor,
  RISK_RATINGS,
  StageCompliance,
} from '@internal/plugin-social-media-common';

/*
 * Reading a stored service whose values do not hold to the catalogue's rules: a row changed in the
 * database outside the catalogue (by hand, by a script, by someone covering their tracks). The API
 * writes only valid values, so such a value is damage. One damaged row must not take the whole
 * catalogue, the dashboard and the catalog projection down with it: each value that cannot be
 * read as stored is shown as the cautious value named below, and the record says so, field by
 * field, for the people who look at it.
 */

/** What a damaged record lacks, among the requirements of its stage. */
export const RECORD_AS_WRITTEN =
  'a stored record the catalogue wrote (values were changed outside it)';

/**
 * The compliance of a service whose record holds values the catalogue did not write: such a
 * record meets no stage's requirements until it is put right.
 */
export function withDamage(
  compliance: StageCompliance,
  problems: readonly RecordProblem[] | undefined,
): StageCompliance {
  if (!problems?.length || compliance.missing.includes(RECORD_AS_WRITTEN)) {
    return compliance;
  }
  return {
    ...compliance,
    compliant: false,
    missing: [...compliance.missing, RECORD_AS_WRITTEN],
  };
}

/** How much of a stored value a record problem repeats. */
export const STORED_TEXT_LIMIT = 200;

/** Collects what a stored record holds that the catalogue's rules do not allow. */
export class RecordReader {
  readonly problems: RecordProblem[] = [];

  /** Notes a stored value that does not hold, with what is shown instead. */
  note(field: string, stored: unknown, shownAs: string) {
    const text = typeof stored === 'string' ? stored : JSON.stringify(stored);
    this.problems.push({
      field,
      stored:
        text === undefined ? String(stored) : text.slice(0, STORED_TEXT_LIMIT),
      shownAs,
    });
  }

  /** One of a fixed set of values, or the fallback. */
  oneOf<T extends string>(
    field: string,
    stored: unknown,
    allowed: readonly T[],
    fallback: T,
  ): T;
  oneOf<T extends string>(
    field: string,
    stored: unknown,
    allowed: readonly T[],
    fallback: undefined,
  ): T | undefined;
  oneOf<T extends string>(
    field: string,
    stored: unknown,
    allowed: readonly T[],
    fallback: T | undefined,
  ): T | undefined {
    if (allowed.includes(stored as T)) return stored as T;
    this.note(field, stored, fallback ?? 'nothing');
    return fallback;
  }

  /** A count: a whole number, zero or more; else 0. */
  count(field: string, stored: unknown): number {
    const n = Number(stored);
    if (Number.isSafeInteger(n) && n >= 0) return n;
    this.note(field, stored, '0');
    return 0;
  }

  /** The record's version: a whole number from 1, kept as stored either way (writes name it). */
  version(stored: unknown): number {
    const n = Number(stored);
    if (!(Number.isSafeInteger(n) && n >= 1)) {
      this.note('version', stored, String(stored));
    }
    return n;
  }

  /** A time the database keeps as a timestamp, as ISO 8601; else the epoch. */
  time(field: string, stored: Date | string | number): string {
    // SQLite returns timestamps as strings or epoch numbers, PostgreSQL as Date objects.
    const date = new Date(stored);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
    const epoch = new Date(0).toISOString();
    this.note(field, stored, epoch);
    return epoch;
  }

  /** A date-time kept as text, when it reads as one; else left out. */
  optionalTime(
    field: string,
    stored: string | null | undefined,
  ): string | undefined {
    if (!stored) return undefined;
    if (!Number.isNaN(Date.parse(stored))) return stored;
    this.note(field, stored, 'nothing');
    return undefined;
  }

  /** Tags: a JSON list of text; else none. */
  tags(stored: string): string[] {
    const value = parseJson(stored || '[]');
    if (Array.isArray(value) && value.every(t => typeof t === 'string')) {
      return value;
    }
    this.note('tags', stored, 'no tags');
    return [];
  }

  /**
   * The controls people set, as a JSON object; each control that is missing or of the wrong
   * kind reads as the cautious default, and a value that is no object at all as the defaults.
   */
  controls(
    stored: string,
    defaults: GuardianshipControls,
  ): Partial<GuardianshipControls> & Record<string, unknown> {
    const value = parseJson(stored || '{}');
    if (!isPlainObject(value)) {
      this.note('controls', stored, 'the cautious defaults');
      return {};
    }
    const read: Record<string, unknown> = { ...value };
    for (const [key, fallback] of Object.entries(defaults)) {
      if (key in read && typeof read[key] !== typeof fallback) {
        this.note(`controls.${key}`, read[key], String(fallback));
        delete read[key];
      }
    }
    if ('accountStatus' in read) {
      read.accountStatus = this.oneOf(
        'controls.accountStatus',
        read.accountStatus,
        ACCOUNT_STATUSES,
        defaults.accountStatus,
      );
    }
    if ('mfaMethod' in read) {
      const method = this.oneOf(
        'controls.mfaMethod',
        read.mfaMethod,
        MFA_METHODS,
        undefined,
      );
      if (method) read.mfaMethod = method;
      else delete read.mfaMethod;
    }
    if (
      'credentialVaultRef' in read &&
      typeof read.credentialVaultRef !== 'string'
    ) {
      this.note(
        'controls.credentialVaultRef',
        read.credentialVaultRef,
        'nothing',
      );
      delete read.credentialVaultRef;
    }
    if ('thirdPartyApps' in read && !Array.isArray(read.thirdPartyApps)) {
      this.note('controls.thirdPartyApps', read.thirdPartyApps, 'no apps');
      delete read.thirdPartyApps;
    }
    if (Array.isArray(read.thirdPartyApps)) {
      const apps = read.thirdPartyApps.filter(
        (app: unknown) =>
          isPlainObject(app) &&
          typeof app.name === 'string' &&
          Array.isArray(app.scopes) &&
          app.scopes.every((s: unknown) => typeof s === 'string'),
      );
      if (apps.length !== read.thirdPartyApps.length) {
        this.note(
          'controls.thirdPartyApps',
          read.thirdPartyApps,
          `${apps.length} of its apps`,
        );
        read.thirdPartyApps = apps;
      }
    }
    return read;
  }

  /** A checklist as answered: item ids with yes or no; else nothing answered. */
  checklist(field: string, stored: string): Record<string, boolean> {
    const value = parseJson(stored);
    if (
      isPlainObject(value) &&
      Object.values(value).every(v => typeof v === 'boolean')
    ) {
      return value as Record<string, boolean>;
    }
    this.note(field, stored, 'nothing answered');
    return {};
  }

  /** A JSON list of text (e.g. entity refs); else none. */
  textList(field: string, stored: string): string[] {
    const value = parseJson(stored);
    if (Array.isArray(value) && value.every(t => typeof t === 'string')) {
      return value;
    }
    this.note(field, stored, 'none');
    return [];
  }

  /** The factors that explain a rating: each an object with a label and a contribution. */
  factors(field: string, stored: string): RiskFactor[] {
    const value = parseJson(stored);
    if (Array.isArray(value) && value.every(isFactor)) return value;
    this.note(field, stored, 'none');
    return [];
  }

  /**
   * The decisions of an access review: each names an account and keeps or removes it; one that
   * does not is left out.
   */
  reviewDecisions(stored: string): AccessReview['decisions'] {
    const value = parseJson(stored);
    if (!Array.isArray(value)) {
      this.note('decisions', stored, 'none');
      return [];
    }
    return value.filter((item: unknown, index) => {
      const sound =
        isPlainObject(item) &&
        typeof item.account === 'string' &&
        ACCESS_REVIEW_DECISIONS.includes(item.decision);
      if (!sound) this.note(`decisions[${index}]`, item, 'left out');
      return sound;
    });
  }

  /**
   * The explained rating the risk engine wrote; else left out. Checked for what the page reads
   * of it (a rating and a list of factors), not the whole shape, so that an explanation written
   * by an earlier release is not taken for damage.
   */
  risk(stored: string | null): RiskAssessment | undefined {
    if (!stored) return undefined;
    const value = parseJson(stored);
    if (
      isPlainObject(value) &&
      RISK_RATINGS.includes(value.rating) &&
      Array.isArray(value.factors) &&
      value.factors.every(isPlainObject)
    ) {
      return value as RiskAssessment;
    }
    this.note('risk', stored, 'no explanation');
    return undefined;
  }
}

/**
 * The risk score (likelihood level × impact level) of a stored explanation, when it holds one;
 * the rest of the explanation is not needed for it, so it is not checked here.
 */
export function riskProductOf(stored: string | null): number | undefined {
  const value = stored ? parseJson(stored) : undefined;
  return isPlainObject(value) && typeof value.product === 'number'
    ? value.product
    : undefined;
}

function isFactor(value: unknown): value is RiskFactor {
  return (
    isPlainObject(value) &&
    typeof value.label === 'string' &&
    typeof value.contribution === 'number'
  );
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
