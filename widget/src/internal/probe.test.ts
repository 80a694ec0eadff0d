import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';

class ProbeElement extends LitElement {
  override render() {
    return html`<button>ok</button>`;
  }
}
customElements.define('probe-element', ProbeElement);

describe('pipeline probe', () => {
  it('renders a Lit element in Chromium', async () => {
    const el = await fixture<ProbeElement>(html`<probe-element></probe-element>`);
    expect(el.shadowRoot?.querySelector('button')?.textContent).to.equal('ok');
    await expect(el).to.be.accessible();
  });
});
