import { SignIn } from './sign-in';

export default function Home() {
  return (
    <main>
      <h1>Organizations</h1>
      <SignIn />
    </main>
  );
}
