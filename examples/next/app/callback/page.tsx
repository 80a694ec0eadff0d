'use client';
import { useEffect } from 'react';
import { logto } from '../../lib/auth';

/** The sign-in redirect lands here: finish it, then load the (server-rendered) organizations page. */
export default function Callback() {
  useEffect(() => {
    void logto?.handleSignInCallback(location.href).then(() => location.replace('/organizations'));
  }, []);
  return <p>Signing in…</p>;
}
