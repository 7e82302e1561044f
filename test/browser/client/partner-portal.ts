// A partner portal on another origin, as a front-end team would write it with Apollo Client: the partner's home,
// a deal registration read back, and the distributor's approval. It renders each step as text in #steps;
// test/browser/cross-origin-client.test.ts reads what the page shows.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';

interface PortalConfig {
  gateway: string;
  partnerToken: string;
  distributorToken: string;
  registration: Record<string, unknown>;
}

const config = JSON.parse(document.getElementById('portal-config')!.textContent!) as PortalConfig;

const HOME = gql`
  query PortalHome {
    me {
      role
      partner {
        name
        vendors {
          name
        }
      }
    }
    deals(first: 5) {
      totalCount
    }
  }
`;
const DEAL_FIELDS = 'id customerName status version amount { amount currency } distributor { name }';
const REGISTER = gql`mutation RegisterDeal($input: RegisterDealInput!) { registerDeal(input: $input) { ${DEAL_FIELDS} } }`;
const DEAL = gql`query Deal($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`;
const APPROVE = gql`mutation ApproveDeal($id: ID!, $version: Int!) { approveDeal(id: $id, expectedVersion: $version) { ${DEAL_FIELDS} } }`;

const clientAs = (token: string) =>
  new ApolloClient({ link: new HttpLink({ uri: config.gateway, headers: { authorization: `Bearer ${token}` } }), cache: new InMemoryCache() });

function show(step: string, text: string): void {
  const item = document.createElement('li');
  item.dataset.step = step;
  item.textContent = text;
  document.getElementById('steps')!.append(item);
}

interface Deal {
  id: string;
  customerName: string;
  status: string;
  version: number;
  amount: { amount: string; currency: string };
  distributor: { name: string } | null;
}
const describe = (deal: Deal) =>
  `${deal.customerName}: ${deal.status} v${deal.version}, ${deal.amount.amount} ${deal.amount.currency} via ${deal.distributor?.name ?? 'no distributor'}`;

async function run(): Promise<void> {
  const partner = clientAs(config.partnerToken);
  const home = (await partner.query<any>({ query: HOME })).data;
  const vendors = home.me.partner.vendors.map((vendor: { name: string }) => vendor.name).sort();
  show('home', `${home.me.partner.name} (${home.me.role}): ${home.deals.totalCount} deals; vendors ${vendors.join(', ')}`);

  const registered = (await partner.mutate<{ registerDeal: Deal }>({ mutation: REGISTER, variables: { input: config.registration } })).data!
    .registerDeal;
  show('registered', describe(registered));
  const readBack = (await partner.query<{ deal: Deal }>({ query: DEAL, variables: { id: registered.id }, fetchPolicy: 'network-only' })).data!.deal;
  show('read-back', describe(readBack));

  const distributor = clientAs(config.distributorToken);
  const approved = (
    await distributor.mutate<{ approveDeal: Deal }>({ mutation: APPROVE, variables: { id: registered.id, version: readBack.version } })
  ).data!.approveDeal;
  show('approved', describe(approved));
}

run()
  .catch((error: Error) => show('error', error.message))
  .finally(() => (document.body.dataset.done = 'true'));
