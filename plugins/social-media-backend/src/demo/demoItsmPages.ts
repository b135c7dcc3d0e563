import express from 'express';
import Router from 'express-promise-router';
import { ServiceStore } from '../stores/services/ServiceStore';
import {
  DEMO_ITSM_ID,
  DEMO_ITSM_PATH,
  DemoIncidentVersion,
  DemoItsmConnector,
  ReportedDemoIncident,
} from './DemoItsmConnector';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/** A time as people read it in a record: `2026-03-14 10:42 UTC`. */
const when = (at: Date | string) =>
  `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const BANNER = `<p class="banner" role="note">This is the <strong>demo ITSM</strong> of the social media
service catalogue's demo data: a stand-in for an ITSM tool, served by the portal's backend while
<code>socialMedia.demoData</code> is on. It is not ServiceNow or any other ITSM tool, and a portal
with production configuration has none of it.</p>`;

function page(listUrl: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)} · Demo ITSM</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 56rem; padding: 0 1rem; color: #1f2328; }
.banner { background: #fff4ce; border: 1px solid #e0c36a; padding: 0.75rem 1rem; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid #d0d7de; }
th { width: 11rem; }
</style>
</head>
<body>
<p><a href="${escape(listUrl)}">Demo ITSM: all incidents</a></p>
${BANNER}
${body}
</body>
</html>`;
}

/**
 * The demo ITSM's pages, where the incident links of the demo lead: the incidents as they stand,
 * and each with its work notes. Served without sign-in (a link opened from the portal carries no
 * token), only while the demo data is on; they show the demo's fictional incidents and nothing
 * else.
 */
export function createDemoItsmPages(options: {
  connector: DemoItsmConnector;
  services: ServiceStore;
  /** The portal's address (`app.baseUrl`), to link each incident to its service page. */
  appBaseUrl?: string;
}): express.Router {
  const { connector, services, appBaseUrl } = options;
  const router = Router();

  /** The services mapped to the demo ITSM, by reference and by id. */
  const mappedServices = async () => {
    const mappings = await services.listItsmMappings(DEMO_ITSM_ID);
    return {
      byReference: new Map(
        mappings.map(m => [m.itsmReference.trim().toLowerCase(), m]),
      ),
      byId: new Map(mappings.map(m => [m.serviceId, m])),
    };
  };

  const serviceLink = (serviceId: string | undefined, name: string) =>
    serviceId && appBaseUrl
      ? `<a href="${escape(
          `${appBaseUrl}/social-media/services/${encodeURIComponent(
            serviceId,
          )}?tab=incidents`,
        )}">${escape(name)}</a> (in the catalogue)`
      : escape(name);

  const send = (res: express.Response, status: number, html: string) => {
    res.status(status).type('html').send(html);
  };
  const listUrl = connector.incidentsUrl();

  router.get(DEMO_ITSM_PATH, (_req, res) => {
    res.redirect(connector.incidentsUrl());
  });

  router.get(`${DEMO_ITSM_PATH}/incidents`, async (_req, res) => {
    const { demo, reported } = await connector.incidentsNow();
    const mapped = await mappedServices();
    const rows = [
      ...demo.map(v => ({
        number: v.incident.number,
        title: v.incident.title,
        service: v.incident.service,
        serviceId: mapped.byReference.get(v.incident.service.toLowerCase())
          ?.serviceId,
        state: v.state,
        priority: v.priority,
        openedAt: v.openedAt.toISOString(),
      })),
      ...reported.map(r => ({
        number: r.number,
        title: r.title,
        service: mapped.byId.get(r.serviceId)?.itsmReference ?? r.serviceId,
        serviceId: r.serviceId,
        state: 'New',
        priority: 'P3 - Moderate',
        openedAt: r.openedAt,
      })),
    ].sort((a, b) => b.openedAt.localeCompare(a.openedAt));
    send(
      res,
      200,
      page(
        listUrl,
        'Incidents',
        `<h1>Incidents</h1>
${
  rows.length === 0
    ? '<p>The demo ITSM has no incidents yet: they belong to the demo portfolio, loaded into an empty catalogue.</p>'
    : `<table aria-label="Incidents">
<thead><tr><th>Number</th><th>Title</th><th>Service</th><th>State</th><th>Priority</th><th>Opened</th></tr></thead>
<tbody>
${rows
  .map(
    r =>
      `<tr><td><a href="${escape(connector.incidentUrl(r.number))}">${escape(
        r.number,
      )}</a></td><td>${escape(r.title)}</td><td>${serviceLink(
        r.serviceId,
        r.service,
      )}</td><td>${escape(r.state)}</td><td>${escape(
        r.priority,
      )}</td><td>${escape(when(r.openedAt))}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
}`,
      ),
    );
  });

  router.get(`${DEMO_ITSM_PATH}/incidents/:number`, async (req, res) => {
    const number = String(req.params.number);
    const { demo, reported } = await connector.incidentsNow();
    const mapped = await mappedServices();
    const found: DemoIncidentVersion | undefined = demo.find(
      v => v.incident.number === number,
    );
    const reportedOne: ReportedDemoIncident | undefined = reported.find(
      r => r.number === number,
    );
    if (found) {
      const { incident } = found;
      const serviceId = mapped.byReference.get(
        incident.service.toLowerCase(),
      )?.serviceId;
      const fields: Array<[string, string]> = [
        ['Number', escape(incident.number)],
        ['Title', escape(incident.title)],
        ['Business service', serviceLink(serviceId, incident.service)],
        ['State', escape(found.state)],
        ['Priority', escape(found.priority)],
        ['Category', escape(incident.category)],
        ['Opened', escape(when(found.openedAt))],
        ...(found.resolvedAt
          ? [['Resolved', escape(when(found.resolvedAt))] as [string, string]]
          : []),
        ['Updated', escape(when(found.at))],
      ];
      send(
        res,
        200,
        page(
          listUrl,
          `${incident.number} ${incident.title}`,
          `<h1>${escape(incident.number)}: ${escape(incident.title)}</h1>
<table aria-label="Incident">
${fields.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('\n')}
</table>
<h2>Description</h2>
<p>${escape(incident.description)}</p>
<h2>Work notes</h2>
<ol>
${found.notes
  .map(
    n =>
      `<li><strong>${escape(when(n.at))}</strong>, ${escape(n.state)}: ${escape(
        n.note,
      )}</li>`,
  )
  .join('\n')}
</ol>`,
        ),
      );
      return;
    }
    if (reportedOne) {
      const name =
        mapped.byId.get(reportedOne.serviceId)?.itsmReference ??
        reportedOne.serviceId;
      send(
        res,
        200,
        page(
          listUrl,
          `${reportedOne.number} ${reportedOne.title}`,
          `<h1>${escape(reportedOne.number)}: ${escape(reportedOne.title)}</h1>
<table aria-label="Incident">
<tr><th>Number</th><td>${escape(reportedOne.number)}</td></tr>
<tr><th>Title</th><td>${escape(reportedOne.title)}</td></tr>
<tr><th>Business service</th><td>${serviceLink(
            reportedOne.serviceId,
            name,
          )}</td></tr>
<tr><th>State</th><td>New</td></tr>
<tr><th>Priority</th><td>P3 - Moderate</td></tr>
${
  reportedOne.category
    ? `<tr><th>Category</th><td>${escape(reportedOne.category)}</td></tr>`
    : ''
}
<tr><th>Opened</th><td>${escape(when(reportedOne.openedAt))}</td></tr>
</table>
<p>Reported from the portal. ${
            reportedOne.description
              ? escape(reportedOne.description)
              : 'The demo ITSM keeps the title and category of what was reported; nobody works on it.'
          }</p>`,
        ),
      );
      return;
    }
    send(
      res,
      404,
      page(
        listUrl,
        'Not found',
        `<h1>No incident ${escape(number)}</h1>
<p>The demo ITSM knows no incident with this number.</p>`,
      ),
    );
  });

  return router;
}
