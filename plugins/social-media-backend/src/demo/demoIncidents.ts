/**
 * The incidents of the demo ITSM: what Larkmoor Group's service desk recorded against its social
 * media services over the year of the demo, each as it was opened and as it changed. The demo
 * ITSM connector (`DemoItsmConnector.ts`) serves them, each version from its time on, and the
 * catalogue links them through its ITSM sync like any other ITSM's.
 *
 * Days count from the day of the inventory import (day 0); times are UTC. Most services had no
 * incident; a few had one or two; three are still open today.
 */

/** Priorities of the demo ITSM, most urgent first. */
export const DEMO_PRIORITIES = [
  'P1 - Critical',
  'P2 - High',
  'P3 - Moderate',
  'P4 - Low',
] as const;

/** States of the demo ITSM; resolved and closed incidents are no longer open. */
export const DEMO_STATES = [
  'New',
  'In progress',
  'On hold',
  'Resolved',
  'Closed',
] as const;

export type DemoPriority = (typeof DEMO_PRIORITIES)[number];
export type DemoState = (typeof DEMO_STATES)[number];

/** One change of an incident: its state (and priority, when it moved) from `day` at `time`. */
export interface DemoIncidentChange {
  day: number;
  /** `HH:MM`, UTC. */
  time: string;
  state: DemoState;
  priority?: DemoPriority;
  /** What the service desk wrote in its work notes. */
  note: string;
}

/** An incident of the demo ITSM and its story. */
export interface DemoIncident {
  /** The demo ITSM's number, also its id there: `DEMO-1001`. */
  number: string;
  /** The business service it is filed against: a demo service's name (its ITSM reference). */
  service: string;
  title: string;
  description: string;
  category: string;
  /** Opened (the first change) and every change after, in time order. */
  changes: [DemoIncidentChange, ...DemoIncidentChange[]];
  /** Priority when opened. */
  priority: DemoPriority;
}

export const DEMO_INCIDENTS: DemoIncident[] = [
  {
    number: 'DEMO-1001',
    service: 'Internal communications YouTube',
    title: 'Unlisted town hall recording shared outside the company',
    description:
      'A link to an unlisted town hall video was posted on a public forum. The video was made private and the link rotated.',
    category: 'Data exposure',
    priority: 'P3 - Moderate',
    changes: [
      {
        day: 40,
        time: '08:12',
        state: 'New',
        note: 'Reported by HR after a colleague found the link on a public forum',
      },
      {
        day: 40,
        time: '09:35',
        state: 'In progress',
        note: 'Video set to private; asking the forum to remove the post',
      },
      {
        day: 41,
        time: '15:20',
        state: 'Resolved',
        note: 'Post removed; recording republished with a new link for employees',
      },
    ],
  },
  {
    number: 'DEMO-1002',
    service: 'Customer support X account',
    title: 'Direct messages not reaching the support inbox',
    description:
      'Customers say their direct messages to @larkmoorhelp go unanswered; the social inbox stopped receiving them.',
    category: 'Integration',
    priority: 'P3 - Moderate',
    changes: [
      {
        day: 74,
        time: '10:05',
        state: 'New',
        note: 'Support team lead reports a silent inbox since the morning',
      },
      {
        day: 74,
        time: '11:40',
        state: 'In progress',
        note: "The social inbox app's token expired; reconnecting it",
      },
      {
        day: 75,
        time: '09:15',
        state: 'Resolved',
        note: 'App reconnected; the backlog of messages was delivered',
      },
    ],
  },
  {
    number: 'DEMO-1003',
    service: 'Corporate X account',
    title: 'Press statement posted before the embargo lifted',
    description:
      'A scheduled post with the half-year statement went out at 06:00 instead of 08:00, two hours before the embargo.',
    category: 'Publishing',
    priority: 'P2 - High',
    changes: [
      {
        day: 112,
        time: '06:20',
        state: 'New',
        note: 'Communications lead noticed the statement live before the embargo',
      },
      {
        day: 112,
        time: '06:31',
        state: 'In progress',
        note: 'Post deleted; checking the scheduling tool time zone',
      },
      {
        day: 113,
        time: '14:00',
        state: 'Resolved',
        note: 'The scheduling tool used UTC instead of local time; corrected',
      },
    ],
  },
  {
    number: 'DEMO-1004',
    service: 'Corporate LinkedIn page',
    title: 'Phishing e-mails inviting page admins to a look-alike domain',
    description:
      'Page admins received e-mails asking them to confirm their admin role on a domain resembling the platform.',
    category: 'Security',
    priority: 'P2 - High',
    changes: [
      {
        day: 150,
        time: '11:02',
        state: 'New',
        note: 'Forwarded by a page admin to the security office',
      },
      {
        day: 150,
        time: '12:30',
        state: 'In progress',
        priority: 'P3 - Moderate',
        note: 'Nobody entered credentials; domain reported for takedown',
      },
      {
        day: 152,
        time: '16:45',
        state: 'Closed',
        note: 'Domain taken down; admins reminded to sign in through single sign-on only',
      },
    ],
  },
  {
    number: 'DEMO-1005',
    service: 'Careers LinkedIn page',
    title: 'Fake job offers from an account impersonating the careers page',
    description:
      'An account using the careers page name and logo messages candidates with job offers asking for a fee.',
    category: 'Security',
    priority: 'P2 - High',
    changes: [
      {
        day: 205,
        time: '13:48',
        state: 'New',
        note: 'A candidate asked HR whether the offer was genuine',
      },
      {
        day: 205,
        time: '15:10',
        state: 'In progress',
        note: 'Impersonation reported to the platform; warning posted on the page',
      },
      {
        day: 212,
        time: '10:00',
        state: 'On hold',
        note: 'Waiting for the platform to act on the report',
      },
      {
        day: 226,
        time: '09:30',
        state: 'Resolved',
        note: 'The platform removed the account',
      },
    ],
  },
  {
    number: 'DEMO-1006',
    service: 'Brand Instagram',
    title: 'Impersonation account running a fake giveaway',
    description:
      'An account copying the brand profile promises a free appliance to followers who send their card details.',
    category: 'Security',
    priority: 'P3 - Moderate',
    changes: [
      {
        day: 230,
        time: '17:25',
        state: 'New',
        note: 'Several followers asked in comments whether the giveaway was real',
      },
      {
        day: 231,
        time: '09:05',
        state: 'In progress',
        note: 'Reported to the platform; story posted to warn followers',
      },
      {
        day: 233,
        time: '11:50',
        state: 'Resolved',
        note: 'Account removed by the platform',
      },
    ],
  },
  {
    number: 'DEMO-1007',
    service: 'Brand Instagram',
    title: 'Scheduled post published by mistake a week early',
    description:
      'The autumn campaign post was scheduled on the wrong date and went out a week before the launch.',
    category: 'Publishing',
    priority: 'P3 - Moderate',
    changes: [
      {
        day: 287,
        time: '09:00',
        state: 'New',
        note: 'Marketing lead saw the campaign post live',
      },
      {
        day: 287,
        time: '09:20',
        state: 'Resolved',
        note: 'Post archived and rescheduled; a second person now checks scheduled dates',
      },
    ],
  },
  {
    number: 'DEMO-1008',
    service: 'Brand Facebook page',
    title: 'Compromised login attempt on a page admin account',
    description:
      "Sign-in from an unrecognised device with the right password; blocked by the second factor. The admin's password was reused elsewhere.",
    category: 'Security',
    priority: 'P2 - High',
    changes: [
      {
        day: 318,
        time: '22:40',
        state: 'New',
        note: 'Security alert from the platform forwarded by the page owner',
      },
      {
        day: 319,
        time: '08:30',
        state: 'In progress',
        note: 'Password reset, other sessions signed out',
      },
      {
        day: 319,
        time: '16:10',
        state: 'Resolved',
        note: 'No changes made by the intruder; moving the credentials to the vault is planned',
      },
    ],
  },
  {
    number: 'DEMO-1009',
    service: 'EMEA X account',
    title: 'Campaign post published in the wrong language',
    description:
      'The German version of the winter campaign post was published on the English-language EMEA account.',
    category: 'Publishing',
    priority: 'P4 - Low',
    changes: [
      {
        day: 330,
        time: '10:15',
        state: 'New',
        note: 'Spotted by the EMEA marketing manager',
      },
      {
        day: 330,
        time: '10:40',
        state: 'Closed',
        note: 'Post replaced with the English version',
      },
    ],
  },
  {
    number: 'DEMO-1010',
    service: 'Customer support X account',
    title: 'Impersonation account replying to customers as support',
    description:
      'An account named like @larkmoorhelp answers customer complaints and sends them to a page asking for their order and card details.',
    category: 'Security',
    priority: 'P2 - High',
    changes: [
      {
        day: 344,
        time: '08:55',
        state: 'New',
        note: 'Two customers forwarded replies they had received from the account',
      },
      {
        day: 344,
        time: '10:20',
        state: 'In progress',
        priority: 'P1 - Critical',
        note: 'Customers were asked for card details: raised to critical; reported to the platform, warning pinned',
      },
      {
        day: 346,
        time: '14:00',
        state: 'Resolved',
        note: 'The platform removed the account; a second one appeared the same day (DEMO-1011)',
      },
    ],
  },
  {
    number: 'DEMO-1011',
    service: 'Customer support X account',
    title: 'Second impersonation account replying to customers as support',
    description:
      'Right after the first was removed, another account named like @larkmoorhelp started answering customers with the same phishing page.',
    category: 'Security',
    priority: 'P2 - High',
    changes: [
      {
        day: 346,
        time: '15:05',
        state: 'New',
        note: 'Found by the support team while checking replies to the brand',
      },
      {
        day: 347,
        time: '09:30',
        state: 'In progress',
        note: 'Reported to the platform; verified badge request sent so that customers can tell the real account',
      },
    ],
  },
  {
    number: 'DEMO-1012',
    service: 'Support Facebook page',
    title: 'Recovery codes sent to a personal mobile number',
    description:
      "The page's recovery phone is a support agent's own mobile; a recovery code arrived there while the agent was on leave.",
    category: 'Access',
    priority: 'P3 - Moderate',
    changes: [
      {
        day: 352,
        time: '14:30',
        state: 'New',
        note: 'Raised by the support team lead',
      },
      {
        day: 353,
        time: '09:10',
        state: 'On hold',
        note: 'Waiting for a company phone number to move the recovery to',
      },
    ],
  },
  {
    number: 'DEMO-1013',
    service: 'Americas X account',
    title:
      'Password reset e-mails nobody asked for: possible compromised login',
    description:
      'Three password reset e-mails for the shared login arrived overnight; nobody in the team requested them.',
    category: 'Security',
    priority: 'P2 - High',
    changes: [
      {
        day: 358,
        time: '07:45',
        state: 'New',
        note: 'Reported by the Americas marketing manager',
      },
    ],
  },
];
