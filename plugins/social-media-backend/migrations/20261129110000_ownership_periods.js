// @ts-check

/**
 * Who owned each service when: one row per stretch of time with the same owner group, service
 * owner and leaver status, with the change that started it. The write path keeps it in the
 * transaction of every change; rows outlive their service, so that a group's past still shows
 * services since deleted. Existing catalogues get their history from the audit trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_service_ownership_periods', table => {
    table.comment(
      'Ownership timeline of each service, derived from its changes; kept after deletion',
    );
    table.increments('id').comment('Surrogate key, in order of recording');
    table
      .string('service_id', 64)
      .notNullable()
      .comment('Id of the service (no foreign key: rows outlive the service)');
    table
      .string('service_name', 255)
      .notNullable()
      .comment("The service's name at the end of the period, or now");
    table
      .string('owner_group', 255)
      .nullable()
      .comment('Entity ref of the owner group, lowercase');
    table
      .string('service_owner', 255)
      .nullable()
      .comment('Entity ref of the service owner, lowercase');
    table
      .boolean('owner_in_organisation')
      .notNullable()
      .comment('False when leaver detection found the service owner gone');
    table.string('from_at', 32).notNullable().comment('ISO 8601 start');
    table
      .string('to_at', 32)
      .nullable()
      .comment('ISO 8601 end; null while it holds');
    table
      .bigInteger('audit_seq')
      .nullable()
      .comment('Audit trail entry of the change that started it');
    table
      .string('action', 64)
      .notNullable()
      .comment('The change that started it: create, import, update, transfer…');
    table
      .string('actor', 255)
      .nullable()
      .comment('Entity ref of who made that change');
    table
      .integer('request_id')
      .nullable()
      .comment('The request behind the change, when there was one');
    table
      .string('request_kind', 16)
      .nullable()
      .comment('request (a new service) or transfer');
    table
      .string('requested_by', 255)
      .nullable()
      .comment('Entity ref of who filed the request');
    table
      .text('approved_by_json')
      .nullable()
      .comment('JSON array of the entity refs who approved or decided it');
    table
      .string('ended_by_action', 64)
      .nullable()
      .comment('The change that ended it, e.g. transfer or delete');
    table
      .string('ended_by_actor', 255)
      .nullable()
      .comment('Entity ref of who made that change');
    table.index(
      ['service_id', 'from_at'],
      'social_service_ownership_periods_service_idx',
    );
    table.index(
      ['owner_group', 'from_at'],
      'social_service_ownership_periods_group_idx',
    );
    table.index(
      ['service_owner', 'from_at'],
      'social_service_ownership_periods_owner_idx',
    );
  });
  await backfill(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_service_ownership_periods');
};

/** @param {string | null | undefined} ref */
function lower(ref) {
  return typeof ref === 'string' && ref ? ref.toLowerCase() : null;
}

/** @param {string | null} json */
function parse(json) {
  if (!json) return {};
  try {
    return JSON.parse(json) ?? {};
  } catch {
    return {};
  }
}

/**
 * The request behind a change, as the audit entry records it (frozen here as the write path
 * records it on 29 November 2026).
 *
 * @param {any} after
 */
function requestColumns(after) {
  const request = after && after.request;
  if (!request || typeof request.id !== 'number') {
    return {
      request_id: null,
      request_kind: null,
      requested_by: null,
      approved_by_json: null,
    };
  }
  /** @type {string[]} */
  let approvedBy = request.decidedBy ? [request.decidedBy] : [];
  if (Array.isArray(request.approvedBy)) {
    approvedBy = request.approvedBy.map(
      /** @param {any} a */ a => (typeof a === 'string' ? a : a && a.by),
    );
  }
  return {
    request_id: request.id,
    request_kind: request.kind ?? 'request',
    requested_by: request.requestedBy ?? null,
    approved_by_json: JSON.stringify(approvedBy.filter(Boolean)),
  };
}

/**
 * Replays the audit trail of every service: creations and imports open a period, updates and
 * transfers that change the owner group or service owner start a new one, leaver detection
 * that names the service owner starts one with the owner flagged (or cleared), deletions close
 * the last. Services without any entry get one period from their creation.
 *
 * @param {import('knex').Knex} knex
 */
async function backfill(knex) {
  /** @type {Map<string, any>} the open period of each service */
  const open = new Map();
  /** @type {any[]} */
  const rows = [];
  const close = (
    /** @type {any} */ period,
    /** @type {any} */ entry,
    /** @type {string} */ name,
  ) => {
    period.to_at = entry.at;
    period.ended_by_action = entry.action;
    period.ended_by_actor = entry.actor;
    period.service_name = name;
  };
  let lastSeq = 0;
  for (;;) {
    const entries = await knex('social_media_audit_log')
      .where({ entity_type: 'service' })
      .andWhere('seq', '>', lastSeq)
      .orderBy('seq', 'asc')
      .limit(1000);
    if (entries.length === 0) break;
    for (const entry of entries) {
      lastSeq = Number(entry.seq);
      const before = parse(entry.before_json);
      const after = parse(entry.after_json);
      const current = open.get(entry.entity_id);
      const start = (
        /** @type {string | null} */ group,
        /** @type {string | null} */ owner,
        /** @type {boolean} */ inOrganisation,
        /** @type {string} */ name,
      ) => {
        const period = {
          service_id: entry.entity_id,
          service_name: name,
          owner_group: group,
          service_owner: owner,
          owner_in_organisation: inOrganisation,
          from_at: entry.at,
          to_at: null,
          audit_seq: Number(entry.seq),
          action: entry.action,
          actor: entry.actor,
          ...requestColumns(after),
          ended_by_action: null,
          ended_by_actor: null,
        };
        rows.push(period);
        open.set(entry.entity_id, period);
      };
      if (entry.action === 'create' || entry.action === 'import') {
        if (current) close(current, entry, current.service_name);
        start(
          lower(after.ownerGroup),
          lower(after.serviceOwner),
          true,
          String(after.name ?? entry.entity_id),
        );
      } else if (!current) {
        continue;
      } else if (entry.action === 'delete') {
        close(current, entry, String(before.name ?? current.service_name));
        open.delete(entry.entity_id);
      } else if (entry.action === 'update' || entry.action === 'transfer') {
        if (typeof after.name === 'string') current.service_name = after.name;
        const group =
          'ownerGroup' in after ? lower(after.ownerGroup) : current.owner_group;
        const owner =
          entry.action === 'transfer' || 'ownerGroup' in after
            ? lower(after.serviceOwner)
            : current.service_owner;
        if (group === current.owner_group && owner === current.service_owner) {
          continue;
        }
        close(current, entry, current.service_name);
        // A newly named service owner was checked against the catalog when named.
        start(
          group,
          owner,
          owner === current.service_owner
            ? current.owner_in_organisation
            : true,
          current.service_name,
        );
      } else if (entry.action === 'leaver-detection' && current.service_owner) {
        const names = (/** @type {unknown} */ list) =>
          Array.isArray(list) ? list.map(x => String(x).toLowerCase()) : [];
        let inOrganisation = current.owner_in_organisation;
        if (names(after.leftTheOrganisation).includes(current.service_owner)) {
          inOrganisation = false;
        }
        if (
          names(after.backInTheOrganisation).includes(current.service_owner)
        ) {
          inOrganisation = true;
        }
        if (inOrganisation === current.owner_in_organisation) continue;
        close(current, entry, current.service_name);
        start(
          current.owner_group,
          current.service_owner,
          inOrganisation,
          current.service_name,
        );
      }
    }
  }

  // Services the trail does not cover: one period from their creation, as they are now.
  const services = await knex('social_services').select(
    'id',
    'name',
    'owner_group',
    'service_owner',
    'service_owner_in_organisation',
    'created_at',
  );
  for (const service of services) {
    const period = open.get(service.id);
    if (period) {
      period.service_name = service.name;
      continue;
    }
    rows.push({
      service_id: service.id,
      service_name: service.name,
      owner_group: lower(service.owner_group),
      service_owner: lower(service.service_owner),
      owner_in_organisation:
        service.service_owner_in_organisation === null ||
        service.service_owner_in_organisation === undefined
          ? true
          : Boolean(service.service_owner_in_organisation),
      from_at: new Date(service.created_at).toISOString(),
      to_at: null,
      audit_seq: null,
      action: 'create',
      actor: null,
      request_id: null,
      request_kind: null,
      requested_by: null,
      approved_by_json: null,
      ended_by_action: null,
      ended_by_actor: null,
    });
  }
  for (let i = 0; i < rows.length; i += 200) {
    await knex('social_service_ownership_periods').insert(
      rows.slice(i, i + 200),
    );
  }
}
