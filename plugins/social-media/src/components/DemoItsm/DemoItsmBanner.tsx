import Alert from '@mui/material/Alert';

/**
 * Says what the demo ITSM is, on each of its pages: the demo data's stand-in for an ITSM tool,
 * not ServiceNow or any other, and absent from a portal with production configuration.
 */
export function DemoItsmBanner() {
  return (
    <Alert severity="warning" role="note" aria-label="About the demo ITSM">
      This is the <strong>demo ITSM</strong> of the social media service
      catalogue's demo data: a stand-in for an ITSM tool, served by the portal
      while <code>socialMedia.demoData</code> is on. It is not ServiceNow or any
      other ITSM tool, and a portal with production configuration has none of
      it.
    </Alert>
  );
}

/** Why the demo ITSM may know nothing at all: it exists only with the demo data. */
export const ONLY_WITH_DEMO_DATA =
  'The demo ITSM exists only while the portal runs with its demo data (socialMedia.demoData).';
