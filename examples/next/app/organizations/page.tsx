import { Organizations } from './organizations';

// Rendered on the server for every request: the elements arrive in the HTML and hydrate.
export const dynamic = 'force-dynamic';

export default function OrganizationsPage() {
  return (
    <main>
      <h1>Organizations</h1>
      <Organizations />
    </main>
  );
}
