// 3-D Secure authentications on Lithic's wire (the spec's `authentication`).

export interface ThreeDsAuthenticationRecord {
  token: string;
  card_token: string;
  result: string;
  decision_made_by: string;
  challenge_method: string | null;
  challenge_status: string | null;
  merchant_id: string;
  merchant_name: string;
  merchant_mcc: string;
  merchant_country: string;
  amount: number;
  currency: string;
  card_expiry_check: string;
  created: Date;
}

const ORCHESTRATED_BY: Record<string, string> = { SMS_OTP: 'LITHIC', OUT_OF_BAND: 'CUSTOMER' };

/**
 * A simulated authentication: a browser purchase (PAYMENT_AUTHENTICATION) with no cardholder data
 * (the sandbox keeps none); what the sandbox has no value for is null, as the spec allows.
 */
export function toThreeDsAuthenticationResponse(a: ThreeDsAuthenticationRecord) {
  return {
    token: a.token,
    card_token: a.card_token,
    account_type: null,
    additional_data: null,
    app: null,
    authentication_request_type: null,
    authentication_result: a.result,
    browser: null,
    card_expiry_check: a.card_expiry_check,
    cardholder: {
      address_match: null,
      email: null,
      name: null,
      phone_number_home: null,
      phone_number_mobile: null,
      phone_number_work: null,
    },
    challenge_metadata: a.challenge_method
      ? { method_type: a.challenge_method, phone_number: null, status: a.challenge_status ?? 'PENDING' }
      : null,
    challenge_orchestrated_by: a.challenge_method ? ORCHESTRATED_BY[a.challenge_method] : 'NO_CHALLENGE',
    channel: 'BROWSER',
    created: a.created.toISOString(),
    decision_made_by: a.decision_made_by,
    merchant: {
      country: a.merchant_country,
      id: a.merchant_id,
      mcc: a.merchant_mcc,
      name: a.merchant_name,
      risk_indicator: {},
    },
    message_category: 'PAYMENT_AUTHENTICATION',
    three_ds_requestor_challenge_indicator: 'NO_PREFERENCE',
    three_ri_request_type: null,
    transaction: {
      amount: a.amount,
      cardholder_amount: a.amount,
      currency: a.currency,
      currency_exponent: 2,
      date_time: a.created.toISOString(),
      type: 'GOODS_SERVICE_PURCHASE',
    },
  };
}

/** `three_ds_authentication.challenge`: an out-of-band challenge the customer orchestrates. */
export function toThreeDsChallengeEvent(a: ThreeDsAuthenticationRecord, expiresInMs = 10 * 60_000) {
  return {
    authentication_object: toThreeDsAuthenticationResponse(a),
    challenge: {
      challenge_method_type: 'OUT_OF_BAND',
      start_time: a.created.toISOString(),
      expiry_time: new Date(a.created.getTime() + expiresInMs).toISOString(),
      app_requestor_url: null,
    },
  };
}
