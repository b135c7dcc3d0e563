import {
  RequestPrediction,
  RequestQuestionnaire,
  RequiredApproval,
  RiskModelConfig,
  RISK_RATINGS,
  ServiceRequest,
  ServiceRequestFields,
  ServiceRequestStatus,
  ServiceRequestStep,
  SERVICE_REQUEST_STATUSES,
  SOCIAL_PLATFORMS,
} from '@internal/plugin-social-media-common';
import { predictRequest } from '../../domain/serviceRequests';
import {
  isPlainObject,
  parseJson,
  RecordReader,
} from '../../domain/storedRecord';

/*
 * Reading a stored request that may have been changed in the database outside the catalogue.
 * The catalogue writes a request's fields, prediction and approvals as JSON beside the columns
 * it searches by, and appends a timeline step for every change of status; a value of the wrong
 * kind, a status its timeline does not end in, or an approval no step of the timeline gave is
 * damage. Each is shown as the cautious value named here and listed in `recordProblems`; such a
 * request is not decided until it is put right (see `decideRequest`).
 */

export interface RequestRow {
  id: number;
  status: string;
  version: number | string;
  requester: string;
  requesting_team: string;
  platform: string;
  handle_key: string;
  fields_json: string;
  prediction_json: string;
  approvals_json: string;
  service_id: string | null;
  service_owner: string | null;
  owner_group: string | null;
  created_at: string;
  updated_at: string;
}

export interface StepRow {
  request_id: number;
  action: string;
  actor: string;
  at: string | Date;
  from_status: string | null;
  to_status: string;
  comment: string | null;
}

/** A request as stored, with what of it does not hold listed in `recordProblems`. */
export function readRequest(
  row: RequestRow,
  stepRows: StepRow[],
  riskModel: RiskModelConfig,
): ServiceRequest {
  const read = new RecordReader();
  const steps = stepRows.map((step, index) => readStep(step, index, read));
  const fields = readFields(row, read);
  const request: ServiceRequest = {
    id: Number(row.id),
    ...fields,
    status: readStatus(row.status, steps, read),
    requester: row.requester,
    prediction: readPrediction(row.prediction_json, fields, riskModel, read),
    approvals: readApprovals(row.approvals_json, steps, read),
    ...(row.service_id ? { serviceId: row.service_id } : {}),
    steps,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: read.version(row.version),
  };
  return read.problems.length
    ? { ...request, recordProblems: read.problems }
    : request;
}

function readStep(
  row: StepRow,
  index: number,
  read: RecordReader,
): ServiceRequestStep {
  const status = (which: 'from' | 'to', stored: string) =>
    read.oneOf(
      `steps[${index}].${which}`,
      stored,
      SERVICE_REQUEST_STATUSES,
      'draft',
    );
  return {
    action: row.action,
    actor: row.actor,
    at: read.time(`steps[${index}].at`, row.at),
    ...(row.from_status ? { from: status('from', row.from_status) } : {}),
    to: status('to', row.to_status),
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

/**
 * The status the request is in: the one its timeline ends in. A stored status that is not, such
 * as a request set to `approved` by hand, is shown as the timeline's.
 */
function readStatus(
  stored: string,
  steps: ServiceRequestStep[],
  read: RecordReader,
): ServiceRequestStatus {
  const last = steps[steps.length - 1]?.to;
  const status = read.oneOf('status', stored, SERVICE_REQUEST_STATUSES, last);
  if (status && last && status !== last) {
    read.note('status', stored, `${last}, where its timeline ends`);
    return last;
  }
  return status ?? 'draft';
}

const TEXT_FIELDS = ['name', 'purpose', 'audience', 'businessUnit'] as const;

const KNOWN_FIELDS = new Set([
  'platform',
  'name',
  'handle',
  'profileUrl',
  'purpose',
  'audience',
  'regions',
  'businessUnit',
  'requestingTeam',
  'ownerGroup',
  'serviceOwner',
  'targetDate',
  'questionnaire',
]);

/** The fields the requester filled in; each that is not of its kind is shown as nothing. */
function readFields(row: RequestRow, read: RecordReader): ServiceRequestFields {
  const parsed = parseJson(row.fields_json);
  const whole = isPlainObject(parsed);
  if (!whole) {
    read.note('fields', row.fields_json, "what the request's columns hold");
  }
  const stored: Record<string, unknown> = whole ? parsed : {};
  /** One field: the stored value when it is of its kind, else the fallback. */
  const field = <T>(
    name: string,
    isKind: (value: unknown) => value is T,
    fallback: T,
    shownAs = JSON.stringify(fallback),
  ): T => {
    const value = stored[name];
    if (isKind(value)) return value;
    if (whole) read.note(name, value ?? 'nothing', shownAs);
    return fallback;
  };
  const text = (name: string, fallback = '') =>
    field(name, isText, fallback, fallback || 'nothing');
  const fields: ServiceRequestFields = {
    platform: field(
      'platform',
      (v): v is ServiceRequestFields['platform'] =>
        SOCIAL_PLATFORMS.includes(v as any),
      SOCIAL_PLATFORMS.includes(row.platform as any)
        ? (row.platform as ServiceRequestFields['platform'])
        : 'other',
    ),
    ...(Object.fromEntries(TEXT_FIELDS.map(name => [name, text(name)])) as {
      [K in (typeof TEXT_FIELDS)[number]]: string;
    }),
    handle: text('handle', row.handle_key),
    regions: field('regions', isTextList, [], 'none'),
    requestingTeam: text('requestingTeam', row.requesting_team),
    ownerGroup: text('ownerGroup', row.owner_group ?? ''),
    serviceOwner: text('serviceOwner', row.service_owner ?? ''),
    targetDate: field('targetDate', isDay, '', 'nothing'),
    questionnaire: readQuestionnaire(stored.questionnaire, whole, read),
  };
  if ('profileUrl' in stored) {
    const url = field('profileUrl', isText, '', 'nothing');
    if (url) fields.profileUrl = url;
  }
  for (const name of Object.keys(stored)) {
    if (!KNOWN_FIELDS.has(name)) read.note(name, stored[name], 'left out');
  }
  checkColumns(row, fields, read);
  return fields;
}

/**
 * The questionnaire; an answer that is missing or of the wrong kind is read as the one that
 * asks the most of approvers (regulated, brand-level content).
 */
function readQuestionnaire(
  stored: unknown,
  parentWhole: boolean,
  read: RecordReader,
): RequestQuestionnaire {
  const whole = isPlainObject(stored);
  if (parentWhole && !whole) {
    read.note('questionnaire', stored ?? 'nothing', 'the cautious answers');
  }
  const answers: Record<string, unknown> = whole ? stored : {};
  const answer = <T>(
    name: keyof RequestQuestionnaire,
    isKind: (value: unknown) => value is T,
    fallback: T,
  ): T => {
    const value = answers[name];
    if (isKind(value)) return value;
    if (whole) {
      read.note(`questionnaire.${name}`, value ?? 'nothing', String(fallback));
    }
    return fallback;
  };
  return {
    regulatedContent: answer('regulatedContent', isYesNo, true),
    brandLevel: answer('brandLevel', isYesNo, true),
    expectedAudience: answer('expectedAudience', isCount, 0),
    whoPosts: answer('whoPosts', isText, ''),
    thirdPartyTools: answer('thirdPartyTools', isTextList, []),
  };
}

/**
 * The columns lists are searched and filtered by hold copies of some fields; a copy that
 * differs was changed on one side only. Who sees the request follows the columns.
 */
function checkColumns(
  row: RequestRow,
  fields: ServiceRequestFields,
  read: RecordReader,
) {
  const copies: Array<[keyof ServiceRequestFields, string | null, string]> = [
    ['platform', row.platform, fields.platform],
    ['handle', row.handle_key, fields.handle.toLowerCase()],
    ['requestingTeam', row.requesting_team, fields.requestingTeam],
    ['ownerGroup', row.owner_group, fields.ownerGroup.toLowerCase()],
    ['serviceOwner', row.service_owner, fields.serviceOwner.toLowerCase()],
  ];
  for (const [name, column, value] of copies) {
    if ((column ?? '') !== value) {
      read.note(
        name,
        `${column ?? 'nothing'} in the column lists are searched by`,
        `${fields[name]}, as the request states it`,
      );
    }
  }
}

/** The stored prediction, or, when it does not read as one, the prediction made again. */
function readPrediction(
  stored: string,
  fields: ServiceRequestFields,
  riskModel: RiskModelConfig,
  read: RecordReader,
): RequestPrediction {
  const value = parseJson(stored);
  const assessment = isPlainObject(value) ? value.assessment : undefined;
  if (
    isPlainObject(value) &&
    RISK_RATINGS.includes(value.rating) &&
    isTextList(value.requirements) &&
    isPlainObject(assessment) &&
    typeof assessment.likelihood?.level === 'number' &&
    typeof assessment.impact?.level === 'number' &&
    Array.isArray(assessment.factors) &&
    assessment.factors.every(isPlainObject)
  ) {
    return value as RequestPrediction;
  }
  const again = predictRequest(fields, riskModel);
  read.note('prediction', stored, `predicted again: ${again.rating}`);
  return again;
}

/**
 * The approvals the request needs. One that is not of its kind is left out; one given with no
 * `approve` step of that person at that time since the request was last submitted (a sign-off
 * typed into the database) is shown as not given.
 */
function readApprovals(
  stored: string,
  steps: ServiceRequestStep[],
  read: RecordReader,
): RequiredApproval[] {
  const value = parseJson(stored);
  if (!Array.isArray(value)) {
    read.note('approvals', stored, 'none');
    return [];
  }
  const lastSubmit = steps.map(s => s.action).lastIndexOf('submit');
  const approveSteps = steps.slice(lastSubmit + 1).filter(isApproveStep);
  const approvals: RequiredApproval[] = [];
  value.forEach((item: unknown, index) => {
    if (!isApproval(item)) {
      read.note(`approvals[${index}]`, item, 'left out');
      return;
    }
    const { approvedBy, approvedAt, ...needed } = item;
    if (approvedBy === undefined && approvedAt === undefined) {
      approvals.push(needed);
    } else if (
      approveSteps.some(
        s => s.actor === approvedBy && sameTime(s.at, approvedAt),
      )
    ) {
      approvals.push(item);
    } else {
      read.note(
        `approvals[${index}]`,
        `approved by ${approvedBy ?? 'nobody'} at ${approvedAt ?? 'no time'}`,
        'not given: no step of the timeline gives it',
      );
      approvals.push(needed);
    }
  });
  return approvals;
}

function isApproveStep(step: ServiceRequestStep) {
  return step.action === 'approve';
}

function sameTime(a: string, b: string | undefined) {
  return b !== undefined && Date.parse(a) === Date.parse(b);
}

function isApproval(value: unknown): value is RequiredApproval {
  return (
    isPlainObject(value) &&
    isText(value.role) &&
    isText(value.title) &&
    isTextList(value.groups) &&
    isText(value.reason) &&
    (value.approvedBy === undefined || isText(value.approvedBy)) &&
    (value.approvedAt === undefined || isText(value.approvedAt))
  );
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isText);
}

function isYesNo(value: unknown): value is boolean {
  return typeof value === 'boolean';
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isDay(value: unknown): value is string {
  return (
    isText(value) &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}
