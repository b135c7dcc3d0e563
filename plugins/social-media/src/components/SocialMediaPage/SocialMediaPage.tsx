import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import { Link as RouterLink, Route, Routes } from 'react-router-dom';
import { AuditLogPage } from '../AuditLog';
import { DemoItsmIncidentPage, DemoItsmIncidentsPage } from '../DemoItsm';
import { EvidencePage } from '../Evidence';
import { HandoverPage } from '../Handovers';
import { OwnershipReportPage } from '../Ownership';
import { rootRouteRef } from '../../routes';
import { CataloguePage } from '../CataloguePage';
import { DashboardPage } from '../DashboardPage';
import { ImportPage } from '../ImportPage';
import { CreateServicePage, EditServicePage } from '../ServiceForm';
import { ServicePage } from '../ServicePage';
import {
  EditRequestPage,
  NewRequestPage,
  RequestPage,
  RequestsPage,
} from '../ServiceRequests';

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
