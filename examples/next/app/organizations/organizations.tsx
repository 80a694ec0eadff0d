'use client';
import { useEffect, useRef, useState } from 'react';
import { OrgCreate, OrgInvite, OrgMembers, OrgSwitcher } from 'logto-org-widget/react';
import { logto } from '../../lib/auth';

interface Received {
  type: string;
  detail: unknown;
}

/**
 * The elements through the React wrappers. Server-rendered as plain tags; in the browser they
 * upgrade, and the wrappers attach the `onOrg…` listeners themselves (React alone does not on
 * hydrated custom elements).
 */
export function Organizations() {
  const [state, setState] = useState('loading');
  const [organizationId, setOrganizationId] = useState('');
  const [events, setEvents] = useState<Received[]>([]);
  const switcher = useRef<React.ComponentRef<typeof OrgSwitcher>>(null);
  const record = (event: CustomEvent) =>
    setEvents((list) => [...list, { type: event.type, detail: event.detail }]);

  useEffect(() => {
    void logto?.isAuthenticated().then((yes) => setState(yes ? 'signed-in' : 'signed-out'));
  }, []);

  return (
    <div data-state={state}>
      {state === 'signed-out' && <a href="/">Sign in first</a>}
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
      <OrgMembers organizationId={organizationId} pageSize={20} />
      <OrgInvite organizationId={organizationId} onOrgInvitationsSent={record} />
      <h2>Events received by the app</h2>
      <ol id="events">
        {events.map((event, index) => (
          <li key={index} data-event={event.type}>
            {JSON.stringify(event.detail)}
          </li>
        ))}
      </ol>
    </div>
  );
}
