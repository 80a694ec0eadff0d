import { useRef, useState } from 'react';
import { OrgCreate, OrgInvite, OrgMembers, OrgSwitcher } from 'logto-org-widget/react';
import { logto } from './auth.js';

interface Received {
  type: string;
  detail: unknown;
}

export function App({ signedIn }: { signedIn: boolean }) {
  const [organizationId, setOrganizationId] = useState('');
  const [events, setEvents] = useState<Received[]>([]);
  const switcher = useRef<React.ComponentRef<typeof OrgSwitcher>>(null);
  const record = (event: CustomEvent) =>
    setEvents((list) => [...list, { type: event.type, detail: event.detail }]);

  if (!signedIn) {
    return (
      <main data-state="signed-out">
        <button id="sign-in" onClick={() => logto.signIn(`${location.origin}/callback`)}>
          Sign in
        </button>
      </main>
    );
  }
  return (
    <main data-state="signed-in">
      <OrgSwitcher
        ref={switcher}
        organizationId={organizationId}
        onOrgSelected={(event) => {
          record(event);
          setOrganizationId(event.detail.organizationId);
        }}
      />
      <OrgCreate
        switchOnCreate
        onOrgCreated={(event) => {
          record(event);
          void switcher.current?.refresh(); // the new organization joins the list
        }}
        onOrgSelected={(event) => setOrganizationId(event.detail.organizationId)}
      />
      {organizationId && (
        <>
          <OrgMembers organizationId={organizationId} pageSize={20} />
          <OrgInvite organizationId={organizationId} onOrgInvitationsSent={record} />
        </>
      )}
      <h2>Events received by the app</h2>
      <ol id="events">
        {events.map((event, index) => (
          <li key={index} data-event={event.type}>
            {JSON.stringify(event.detail)}
          </li>
        ))}
      </ol>
    </main>
  );
}
