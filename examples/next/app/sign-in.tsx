'use client';
import { useEffect, useState } from 'react';
import { logto } from '../lib/auth';

/** Signed out: a sign-in button; signed in: a link to the organizations page. */
export function SignIn() {
  const [state, setState] = useState<'loading' | 'signed-in' | 'signed-out'>('loading');
  useEffect(() => {
    void logto?.isAuthenticated().then((yes) => setState(yes ? 'signed-in' : 'signed-out'));
  }, []);
  if (state === 'signed-in') return <a href="/organizations">Your organizations</a>;
  return (
    <div data-state={state}>
      <button id="sign-in" onClick={() => logto?.signIn(`${location.origin}/callback`)}>
        Sign in
      </button>
    </div>
  );
}
