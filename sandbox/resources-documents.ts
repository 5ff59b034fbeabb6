/**
 * Seeded Harvest documents: contacts, invoices (with line_items), estimates (with line_items)
 * and expenses. A pure function of the seed, the count and the date range; they refer to the
 * reference records of resources-data.ts (same client, project and user ids and names).
 */
import {
  CLIENTS,
  INTERNAL_CLIENT,
  isBillable,
  mixSeed,
  PROJECTS,
  Rng,
  USER_ASSIGNMENTS,
  USERS
} from './harvest-data.js'
import {
  clientRef,
  createdAt,
  dateIn,
  expenseCategories,
  hex,
  pad,
  projectRef,
  ref,
  round2,
  type HarvestRecord
} from './resources-data.js'

interface Range {
  from: string
  to: string
}
// ---------------------------------------------------------------------------------------------

const FIRST = ['Jane', 'Søren', 'Mei', 'Omar', 'Élodie', 'Kwame', 'Ingrid', 'Raj']
const LAST = ['Doe', 'Kierkegård', '李', 'Haddad', 'Lefèvre', 'Mensah', "O'Neil", 'Patel']

export function contacts(seed: number, count: number): HarvestRecord[] {
  const rng = new Rng(mixSeed(seed, 11))
  return Array.from({ length: count }, (_, i) => {
    const c = rng.int(0, CLIENTS.length - 1)
    const first = rng.pick(FIRST)
    return {
      id: 4706479 + i * 7,
      title: rng.chance(0.3) ? null : rng.pick(['Owner', 'CFO', 'Einkauf', 'PM']),
      first_name: first,
      last_name: rng.chance(0.1) ? null : rng.pick(LAST),
      email: rng.chance(0.2) ? null : `${first.toLowerCase()}.${i}@example.org`,
      phone_office: rng.chance(0.5) ? `(203) 697-${rng.int(1000, 9999)}` : '',
      phone_mobile: rng.chance(0.5) ? `+44 7700 ${rng.int(100000, 999999)}` : '',
      fax: '',
      created_at: createdAt(i, '2019-05-02T14:00:00Z'),
      updated_at: createdAt(i, '2019-05-03T14:00:00Z'),
      client: ref(CLIENTS[c])
    }
  })
}

function lineItem(rng: Rng, id: number, kinds: string[], withProject: number | null) {
  const quantity = rng.chance(0.5) ? rng.int(1, 80) : rng.int(1, 400) / 4
  const unit = rng.pick([75, 100, 120.5, 150, 0.535])
  const item: Record<string, unknown> = { id }
  if (withProject !== null) item.project = projectRef(withProject)
  return Object.assign(item, {
    kind: rng.pick(kinds),
    description: rng.pick(['Design work', 'Développement', 'ミーティング', 'Travel ✈️', '']),
    quantity,
    unit_price: unit,
    amount: round2(quantity * unit),
    taxed: rng.chance(0.4),
    taxed2: false
  })
}

function totals(items: Array<Record<string, unknown>>, tax: number | null) {
  const subtotal = round2(items.reduce((sum, item) => sum + (item.amount as number), 0))
  const taxAmount = tax === null ? 0 : round2((subtotal * tax) / 100)
  return { subtotal, taxAmount, amount: round2(subtotal + taxAmount) }
}

export function invoices(seed: number, count: number, range: Range): HarvestRecord[] {
  const rng = new Rng(mixSeed(seed, 13))
  return Array.from({ length: count }, (_, i) => {
    const c = rng.int(0, INTERNAL_CLIENT - 1)
    const projectsOfClient = PROJECTS.map((p, index) => ({ p, index })).filter(
      ({ p }) => p.clientIndex === c
    )
    const items = Array.from({ length: rng.int(0, 4) }, (_, k) =>
      lineItem(
        rng,
        53_341_602 + i * 10 + k,
        ['Service', 'Product'],
        rng.pick(projectsOfClient).index
      )
    )
    const tax = rng.chance(0.5) ? rng.pick([7.5, 19, 20]) : null
    const { amount, taxAmount } = totals(items, tax)
    const issue = dateIn(rng, range)
    const state = rng.pick(['draft', 'open', 'paid', 'closed'])
    const stamp = `${issue}T${pad(rng.int(8, 18))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}Z`
    return {
      id: 13150378 + i * 3,
      client_key: hex(seed * 7919 + i, 40),
      number: String(1001 + i),
      purchase_order: rng.chance(0.7) ? '' : `PO-${rng.int(100, 999)}`,
      amount,
      due_amount: state === 'paid' || state === 'closed' ? 0.0 : amount,
      tax,
      tax_amount: taxAmount,
      tax2: null,
      tax2_amount: 0.0,
      discount: null,
      discount_amount: 0.0,
      subject: rng.pick(['Online Store - Phase 1', 'Rechnung März', '請求書', null]),
      notes: rng.chance(0.6) ? null : 'Thank you — merci — ありがとう',
      currency: CLIENTS[c].currency,
      state,
      period_start: null,
      period_end: null,
      issue_date: issue,
      due_date: issue,
      payment_term: 'upon receipt',
      payment_options: rng.chance(0.5) ? ['credit_card'] : [],
      sent_at: state === 'draft' ? null : stamp,
      paid_at: state === 'paid' ? stamp : null,
      paid_date: state === 'paid' ? issue : null,
      closed_at: state === 'closed' ? stamp : null,
      recurring_invoice_id: null,
      created_at: stamp,
      updated_at: stamp,
      client: ref(CLIENTS[c]),
      estimate: null,
      retainer: null,
      creator: ref(USERS[0]),
      line_items: items
    }
  })
}

export function estimates(seed: number, count: number, range: Range): HarvestRecord[] {
  const rng = new Rng(mixSeed(seed, 17))
  return Array.from({ length: count }, (_, i) => {
    const c = rng.int(0, INTERNAL_CLIENT - 1)
    const items = Array.from({ length: rng.int(1, 3) }, (_, k) =>
      lineItem(rng, 57_531_000 + i * 10 + k, ['Service', 'Product'], null)
    )
    const tax = rng.chance(0.4) ? 5.0 : null
    const { amount, taxAmount } = totals(items, tax)
    const issue = dateIn(rng, range)
    const state = rng.pick(['draft', 'sent', 'accepted', 'declined'])
    const stamp = `${issue}T${pad(rng.int(8, 18))}:${pad(rng.int(0, 59))}:00Z`
    return {
      id: 1439818 + i * 5,
      client_key: hex(seed * 104729 + i, 40),
      number: String(1001 + i),
      purchase_order: '',
      amount,
      tax,
      tax_amount: taxAmount,
      tax2: null,
      tax2_amount: 0.0,
      discount: null,
      discount_amount: 0.0,
      subject: rng.pick(['Project Quote', 'Angebot Büro-Umzug', null]),
      notes: null,
      currency: CLIENTS[c].currency,
      state,
      issue_date: issue,
      sent_at: state === 'draft' ? null : stamp,
      accepted_at: state === 'accepted' ? stamp : null,
      declined_at: state === 'declined' ? stamp : null,
      created_at: stamp,
      updated_at: stamp,
      client: ref(CLIENTS[c]),
      creator: ref(USERS[1]),
      line_items: items
    }
  })
}

export function expenses(seed: number, count: number, range: Range): HarvestRecord[] {
  const rng = new Rng(mixSeed(seed, 19))
  const categories = expenseCategories()
  return Array.from({ length: count }, (_, i) => {
    const u = rng.int(0, USERS.length - 1)
    const p = rng.int(0, PROJECTS.length - 1)
    const category = rng.pick(categories)
    const units = category.unit_price === null ? 1.0 : rng.int(5, 300)
    const totalCost =
      category.unit_price === null ? rng.int(500, 50000) / 100 : round2(units * 0.535)
    const billed = isBillable(p, 1) && rng.chance(0.3)
    const closed = rng.chance(0.4)
    const spent = dateIn(rng, range)
    const stamp = `${spent}T${pad(rng.int(8, 20))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}Z`
    return {
      id: 15296442 + i * 11,
      notes: rng.pick(['Lunch with client', 'Taxi 🚕', 'Hôtel', null, '']),
      total_cost: totalCost,
      units,
      is_closed: closed,
      is_locked: closed || billed,
      is_billed: billed,
      locked_reason: billed ? 'Expense is invoiced.' : closed ? 'Expense is approved.' : null,
      spent_date: spent,
      created_at: stamp,
      updated_at: stamp,
      billable: isBillable(p, 1),
      receipt: rng.chance(0.5)
        ? {
            url: `https://acme-sim.harvestapp.com/expenses/${15296442 + i * 11}/receipt`,
            file_name: 'receipt.gif',
            file_size: rng.int(1000, 90000),
            content_type: 'image/gif'
          }
        : null,
      user: ref(USERS[u]),
      user_assignment: USER_ASSIGNMENTS[u][p],
      project: projectRef(p),
      expense_category: {
        id: category.id,
        name: category.name,
        unit_price: category.unit_price,
        unit_name: category.unit_name
      },
      client: clientRef(PROJECTS[p].clientIndex),
      invoice: billed ? { id: 13150378, number: '1001' } : null
    }
  })
}
