import { Content, Header, Page, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import { lazy, Suspense } from 'react';
import { Link as RouterLink, Route, Routes } from 'react-router-dom';
import { rootRouteRef } from '../../routes';
import { CataloguePage } from '../CataloguePage';

// The catalogue comes with the plugin's page; every other page's code (the dashboard's charts,
// the service page, the forms) is loaded when it is first opened, so that the catalogue does not
// wait for code it does not use.
const AuditLogPage = lazy(() =>
  import('../AuditLog').then(m => ({ default: m.AuditLogPage })),
);
const DemoItsmIncidentPage = lazy(() =>
  import('../DemoItsm').then(m => ({ default: m.DemoItsmIncidentPage })),
);
const DemoItsmIncidentsPage = lazy(() =>
  import('../DemoItsm').then(m => ({ default: m.DemoItsmIncidentsPage })),
);
const EvidencePage = lazy(() =>
  import('../Evidence').then(m => ({ default: m.EvidencePage })),
);
const HandoverPage = lazy(() =>
  import('../Handovers').then(m => ({ default: m.HandoverPage })),
);
const OwnershipReportPage = lazy(() =>
  import('../Ownership').then(m => ({ default: m.OwnershipReportPage })),
);
const DashboardPage = lazy(() =>
  import('../DashboardPage').then(m => ({ default: m.DashboardPage })),
);
const ImportPage = lazy(() =>
  import('../ImportPage').then(m => ({ default: m.ImportPage })),
);
const CreateServicePage = lazy(() =>
  import('../ServiceForm').then(m => ({ default: m.CreateServicePage })),
);
const EditServicePage = lazy(() =>
  import('../ServiceForm').then(m => ({ default: m.EditServicePage })),
);
const ServicePage = lazy(() =>
  import('../ServicePage').then(m => ({ default: m.ServicePage })),
);
const RequestsPage = lazy(() =>
  import('../ServiceRequests').then(m => ({ default: m.RequestsPage })),
);
const NewRequestPage = lazy(() =>
  import('../ServiceRequests').then(m => ({ default: m.NewRequestPage })),
);
const RequestPage = lazy(() =>
  import('../ServiceRequests').then(m => ({ default: m.RequestPage })),
);
const EditRequestPage = lazy(() =>
  import('../ServiceRequests').then(m => ({ default: m.EditRequestPage })),
);

function NotFound() {
  const catalogueLink = useRouteRef(rootRouteRef);
  return (
    <Box sx={{ p: 3 }}>
      <Alert severity="warning">
        There is no such page in the social media catalogue.{' '}
        <Link component={RouterLink} to={catalogueLink()}>
          Back to the catalogue
        </Link>
      </Alert>
    </Box>
  );
}

/**
 * The pages of the plugin, relative to where it is mounted: the catalogue,
 * a service, the create and edit forms, the import, the dashboard, the
 * service requests and, with the demo data, the demo ITSM's incidents.
 */
export function SocialMediaRouter() {
  return (
    <ReactRouterV6PageRouter>
      <Suspense fallback={<Progress />}>
        <Routes>
          <Route path="/" element={<CataloguePage />} />
          <Route path="/new" element={<CreateServicePage />} />
          <Route path="/import" element={<ImportPage />} />
          <Route path="/dashboard" element={<DashboardPage />} />
          <Route path="/services/:id" element={<ServicePage />} />
          <Route path="/services/:id/edit" element={<EditServicePage />} />
          <Route path="/services/:id/evidence" element={<EvidencePage />} />
          <Route path="/requests" element={<RequestsPage />} />
          <Route path="/requests/new" element={<NewRequestPage />} />
          <Route path="/requests/:id" element={<RequestPage />} />
          <Route path="/requests/:id/edit" element={<EditRequestPage />} />
          <Route path="/handovers/:id" element={<HandoverPage />} />
          <Route path="/ownership" element={<OwnershipReportPage />} />
          <Route path="/audit" element={<AuditLogPage />} />
          <Route
            path="/demo-itsm/incidents"
            element={<DemoItsmIncidentsPage />}
          />
          <Route
            path="/demo-itsm/incidents/:number"
            element={<DemoItsmIncidentPage />}
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </ReactRouterV6PageRouter>
  );
}

/**
 * The "Social media" page for the new frontend system: content only, the
 * app renders the page header. Not part of the package's API: the plugin's
 * page extension loads it.
 */
export function NfsSocialMediaPage() {
  return <SocialMediaRouter />;
}

/**
 * The "Social media" page for the legacy frontend system, inside its own
 * page shell and header. Not part of the package's API: `SocialMediaPage` of
 * the package's index loads it.
 */
export function SocialMediaPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Social media"
        subtitle="Every social media presence as a catalogued business service"
      />
      <Content noPadding>
        <SocialMediaRouter />
      </Content>
    </Page>
  );
}
