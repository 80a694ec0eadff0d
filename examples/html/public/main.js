// @ts-check
// The host page: Logto sign-in, the elements' one-line setup, and the events it listens to.
import LogtoClient from '@logto/browser';
import { ORG_SCOPES, configure } from 'logto-org-widget/bundle';
import { settings } from './config.js';

const logto = new LogtoClient({
  endpoint: settings.endpoint,
  appId: settings.appId,
  scopes: ['email', ...ORG_SCOPES],
  resources: [settings.resource],
});
configure({ apiBase: settings.apiBase, logto, resource: settings.resource });

/** Writes an element's event into the page (what a host would do with it). */
function record(/** @type {CustomEvent} */ event) {
  const item = document.createElement('li');
  item.dataset.event = event.type;
  item.textContent = JSON.stringify(event.detail);
  document.querySelector('#events')?.append(item);
}

/** Points every element at the chosen organization. */
function show(/** @type {string} */ organizationId) {
  for (const tag of /** @type {const} */ (['org-switcher', 'org-members', 'org-invite'])) {
    const element = document.querySelector(tag);
    if (element) element.organizationId = organizationId;
  }
}

document.addEventListener('org-created', (event) => {
  record(event);
  void document.querySelector('org-switcher')?.refresh(); // the new organization joins the list
});
document.addEventListener('org-invitations-sent', (event) => record(event));
document.addEventListener('org-selected', (event) => {
  record(event);
  show(event.detail.organizationId);
});

const signIn = /** @type {HTMLButtonElement} */ (document.querySelector('#sign-in'));
signIn.addEventListener('click', () => logto.signIn(`${location.origin}/callback`));

if (await logto.isAuthenticated()) {
  const template = /** @type {HTMLTemplateElement} */ (document.querySelector('#signed-in'));
  document.querySelector('#app')?.append(template.content.cloneNode(true));
  document.body.dataset.state = 'signed-in';
} else {
  signIn.hidden = false;
  document.body.dataset.state = 'signed-out';
}
