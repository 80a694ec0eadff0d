/** The email outbox: a mail catcher for invitation mails (when the email connector is on). */
import { randomUUID } from 'node:crypto';

export interface OutboxMail {
  id: string;
  /** The invitee's email address. */
  to: string;
  /** `messagePayload.link`, when given. */
  link: string | null;
  invitationId: string;
  organizationId: string;
  organizationName: string | null;
  inviterId: string | null;
  inviterName: string | null;
  /** The whole `messagePayload` as sent to the Management API. */
  payload: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  sentAt: number;
}

export class Outbox {
  private mails: OutboxMail[] = [];
  private listeners = new Set<(mail: OutboxMail) => void>();

  add(mail: Omit<OutboxMail, 'id'>): OutboxMail {
    const entry = { id: randomUUID(), ...mail };
    this.mails.push(entry);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Oldest first. */
  list(): OutboxMail[] {
    return [...this.mails];
  }

  clear(): void {
    this.mails = [];
  }

  /** Calls `listener` for each new mail; returns an unsubscribe function. */
  subscribe(listener: (mail: OutboxMail) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the next mail to `to` (or any mail), e.g. for tests. */
  waitFor(to?: string): Promise<OutboxMail> {
    return new Promise((resolve) => {
      const unsubscribe = this.subscribe((mail) => {
        if (to === undefined || mail.to.toLowerCase() === to.toLowerCase()) {
          unsubscribe();
          resolve(mail);
        }
      });
    });
  }

  restore(mails: OutboxMail[]): void {
    this.mails = [...mails];
  }
}
