/**
 * One incident of the demo ITSM, the stand-in for an ITSM tool that the portal's backend serves
 * only while the demo data is on (`socialMedia.demoData`): as it stands now, with its work notes.
 * Read with `GET /demo-itsm/incidents/{number}`; the portal shows it at
 * `/social-media/demo-itsm/incidents/{number}`.
 *
 * @public
 */
export interface DemoItsmIncident {
  /** The demo ITSM's number, e.g. `DEMO-1011`. */
  number: string;
  title: string;
  /** The business service it is filed against, by the name the demo ITSM knows it by. */
  service: string;
  /** The catalogue's id of that service, when a service in the catalogue is mapped to it. */
  serviceId?: string;
  state: string;
  priority: string;
  category?: string;
  openedAt: string;
  /** When it was resolved, while it is resolved or closed. */
  resolvedAt?: string;
  /** Its last change. */
  updatedAt: string;
  /** Reported from the portal's service page rather than part of the demo's year. */
  reportedFromPortal: boolean;
  description?: string;
  /** What the service desk wrote, oldest first; none for incidents reported from the portal. */
  workNotes: DemoItsmWorkNote[];
}

/**
 * One work note of a demo ITSM incident: the state it left the incident in, and what was written.
 *
 * @public
 */
export interface DemoItsmWorkNote {
  at: string;
  state: string;
  note: string;
}
