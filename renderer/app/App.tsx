import { observer } from 'mobx-react-lite';
import { AmnestyPage } from '../pages/amnesty/AmnestyPage';
import { AuditPage } from '../pages/AuditPage';
import { ApprovalsPage } from '../pages/contracts/ApprovalsPage';
import { ContractsPage } from '../pages/contracts/ContractsPage';
import { ImportPage } from '../pages/importing/ImportPage';
import { SignalsPage } from '../pages/signals/SignalsPage';
import { DashboardPage } from '../pages/dashboard/DashboardPage';
import { PaymentsPage } from '../pages/payments/PaymentsPage';
import { DocumentsPage } from '../pages/documents/DocumentsPage';
import { PendingSection } from '../pages/PendingSection';
import { ReferencePage } from '../pages/ReferencePage';
import { SettingsPage } from '../pages/SettingsPage';
import { useStore } from '../stores/RootStore';
import { Layout } from './Layout';
import { SignInPage } from './SignInPage';

const Page = observer(function Page() {
  const { ui } = useStore();
  switch (ui.section) {
    case 'dashboard':
      return <DashboardPage />;
    case 'audit':
      return <AuditPage />;
    case 'contracts':
      return <ContractsPage />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'import':
      return <ImportPage />;
    case 'signals':
      return <SignalsPage />;
    case 'amnesty':
      return <AmnestyPage />;
    case 'payments':
      return <PaymentsPage />;
    case 'documents':
      return <DocumentsPage />;
    case 'reference':
      return <ReferencePage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <PendingSection />;
  }
});

/** Top of the UI: sign-in until there is a user, then the layout with the current section. */
export const App = observer(function App() {
  const { session, ui } = useStore();
  if (!session.ready) return <div className="splash">{ui.t('common.loading')}</div>;
  if (!session.user) return <SignInPage />;
  return (
    <Layout>
      <Page />
    </Layout>
  );
});
