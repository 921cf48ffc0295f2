// Formatting and parsing of the API's values. Money is integer cents on the wire and stays integer
// here: "12.34" is parsed digit by digit, never through a float.

const grouped = new Intl.NumberFormat('en-US');

/** 1234 -> "$12.34"; credits are negative on the wire: -500 -> "−$5.00". */
export function formatCents(cents) {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const text = `$${grouped.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `−${text}` : text;
}

/** "12.34", "$1,200", "7.5" -> cents; null when the text is not an amount. */
export function parseCents(text) {
  const match = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{0,2}))?$/.exec(String(text).trim());
  if (!match) return null;
  const cents = Number(match[1].replaceAll(',', '')) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents as an editable amount: 1234 -> "12.34", 0 -> "". */
export function centsToInput(cents) {
  return cents ? formatCents(cents).replace(/^\$/, '').replaceAll(',', '') : '';
}

export function groupPan(pan) {
  return pan.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export const maskedPan = (lastFour) => `•••• ${lastFour}`;

const dateTime = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

export const formatDateTime = (iso) => dateTime.format(new Date(iso));
export const formatDate = (iso) => dateOnly.format(new Date(iso));

export const CARD_TYPES = {
  SINGLE_USE: { label: 'Single-use', hint: 'Closes after its first approved purchase.' },
  MERCHANT_LOCKED: { label: 'Merchant-locked', hint: 'Locks to the first merchant that charges it.' },
  VIRTUAL: { label: 'Virtual', hint: 'Any merchant, any number of purchases.' },
  UNLOCKED: { label: 'Unlocked', hint: 'Any merchant.' },
  DIGITAL_WALLET: { label: 'Digital wallet', hint: 'For wallet tokenization.' },
  PHYSICAL: { label: 'Physical', hint: 'A plastic card: made, shipped, then activated by its owner.' },
};

export const DURATIONS = {
  TRANSACTION: 'per transaction',
  MONTHLY: 'per month',
  ANNUALLY: 'per year',
  FOREVER: 'lifetime',
};

export const typeLabel = (type) => CARD_TYPES[type]?.label ?? type;

/** "OPEN" -> "Open", "SINGLE_USE_RECHARGED" stays a code elsewhere. */
export const titleCase = (value) => value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ');

/** Which spend_velocity window a card's limit is counted in; a per-transaction limit shows lifetime spend. */
export function velocityWindow(duration) {
  return { MONTHLY: 'monthly', ANNUALLY: 'annually' }[duration] ?? 'forever';
}

/** What a card has spent against its limit, for lists and the card page. */
export function describeSpend(card, limits) {
  const used = limits?.spend_velocity?.[velocityWindow(card.spend_limit_duration)] ?? null;
  const limit = card.spend_limit;
  const windowed = limit > 0 && card.spend_limit_duration !== 'TRANSACTION';
  return {
    used,
    limit,
    ratio: windowed && used !== null ? Math.min(1, used / limit) : null,
    limitText: limit > 0 ? `${formatCents(limit)} ${DURATIONS[card.spend_limit_duration]}` : 'No limit',
  };
}

/** The event types the sandbox emits (and can send an example of), with what each one means. */
export const EMITTED_EVENT_TYPES = {
  'card.created': 'A card was created.',
  'card.updated': 'A card’s state, memo or limit changed, or it locked to a merchant.',
  'card_transaction.updated': 'A charge was authorized or declined, cleared, voided or returned.',
};

/**
 * What "Send example" sends is about this card, which no account has (the sandbox's
 * EXAMPLE_CARD_TOKEN): an event carrying it is an example, not news about a real card.
 */
export const EXAMPLE_CARD_TOKEN = '00000000-0000-0000-0000-00000000e8a1';
export const isExample = (event) => event.payload?.card_token === EXAMPLE_CARD_TOKEN;

const CARD_FIELDS = {
  state: 'state',
  memo: 'memo',
  spend_limit: 'limit',
  spend_limit_duration: 'limit period',
  hostname: 'merchant',
};

function cardFieldValue(field, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'spend_limit') return value > 0 ? formatCents(value) : 'no limit';
  if (field === 'spend_limit_duration') return DURATIONS[value] ?? value;
  if (field === 'state') return titleCase(String(value));
  return String(value);
}

/**
 * One line about an event, from its payload: the card's last four and what changed, or the charge's
 * status (returned apart, for a badge), amount and merchant. Null fields for a type it does not know.
 */
export function describeEvent(event) {
  const p = event.payload ?? {};
  const card = p.last_four ? maskedPan(p.last_four) : null;
  switch (event.event_type) {
    case 'card.created':
      return {
        status: null,
        text: [card, p.type && typeLabel(p.type), p.memo].filter(Boolean).join(' · '),
      };
    case 'card.updated': {
      const changes = Object.entries(p.previous_fields ?? {})
        .filter(([field]) => field in CARD_FIELDS)
        .map(
          ([field, before]) =>
            `${CARD_FIELDS[field]} ${cardFieldValue(field, before)} → ${cardFieldValue(field, p[field])}`,
        );
      return { status: null, text: [card, ...changes].filter(Boolean).join(' · ') };
    }
    case 'card_transaction.updated': {
      const amount = typeof p.amount === 'number' ? formatCents(p.amount) : null;
      const where = p.merchant?.descriptor ? `at ${p.merchant.descriptor}` : null;
      return { status: p.status ?? null, text: [amount, where].filter(Boolean).join(' ') };
    }
    default:
      return { status: null, text: '' };
  }
}
