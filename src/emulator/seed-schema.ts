/**
 * The standard objects of the emulated org: Account, Contact, Lead, Case, Opportunity, User, Group
 * (queues) and AssignmentRule, each with a realistic subset of its fields.
 *
 * @module
 */
import type { EmulatedObject } from './catalog.js';
import { calculated, field, ownerField, systemFields } from './field-builders.js';
import type { FieldSchema } from './schema.js';

const required = { nillable: false };
const readOnly = { createable: false, updateable: false };

const INDUSTRIES = ['Agriculture', 'Banking', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education',
  'Electronics', 'Energy', 'Engineering', 'Finance', 'Healthcare', 'Insurance', 'Manufacturing', 'Media', 'Retail',
  'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other'];
const RATINGS = ['Hot', 'Warm', 'Cold'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];

function address(prefix: string, labelPrefix: string): FieldSchema[] {
  return [
    field.textarea(`${prefix}Street`, `${labelPrefix} Street`, 255),
    field.text(`${prefix}City`, `${labelPrefix} City`, 40),
    field.text(`${prefix}State`, `${labelPrefix} State/Province`, 80),
    field.text(`${prefix}PostalCode`, `${labelPrefix} Zip/Postal Code`, 20),
    field.text(`${prefix}Country`, `${labelPrefix} Country`, 80),
  ];
}

/** First name, last name and the calculated full `Name` of people objects. */
function personName(): FieldSchema[] {
  return [
    field.text('LastName', 'Last Name', 80, required),
    field.text('FirstName', 'First Name', 40),
    field.picklist('Salutation', 'Salutation', SALUTATIONS),
    calculated(field.text('Name', 'Full Name', 121, { nameField: true })),
  ];
}

const externalId = () => field.text('External_Id__c', 'External ID', 255, { externalId: true });

function object(
  name: string,
  keyPrefix: string,
  labelPlural: string,
  fields: FieldSchema[],
  extra: Partial<EmulatedObject> = {},
): EmulatedObject {
  return {
    name,
    label: name,
    labelPlural,
    keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    childRelationships: [],
    ...extra,
    fields: [field.id(), ...fields, ...systemFields()],
  };
}

const readOnlyObject = { createable: false, updateable: false, deletable: false };

/** Fresh copies of the standard object schemas. */
export function standardObjects(): EmulatedObject[] {
  return [
    object('Account', '001', 'Accounts', [
      field.text('Name', 'Account Name', 255, { nillable: false, nameField: true }),
      field.picklist('Type', 'Account Type', ['Prospect', 'Customer - Direct', 'Customer - Channel',
        'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other']),
      field.ref('ParentId', 'Parent Account ID', ['Account'], 'Parent'),
      ...address('Billing', 'Billing'),
      ...address('Shipping', 'Shipping'),
      field.phone('Phone', 'Account Phone'),
      field.phone('Fax', 'Account Fax'),
      field.text('AccountNumber', 'Account Number', 40),
      field.url('Website', 'Website'),
      field.picklist('Industry', 'Industry', INDUSTRIES),
      field.currency('AnnualRevenue', 'Annual Revenue'),
      field.int('NumberOfEmployees', 'Employees'),
      field.picklist('Rating', 'Account Rating', RATINGS),
      field.textarea('Description', 'Account Description'),
      ownerField(['User']),
      externalId(),
    ], {
      childRelationships: [
        { childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts' },
        { childSObject: 'Opportunity', field: 'AccountId', relationshipName: 'Opportunities' },
        { childSObject: 'Case', field: 'AccountId', relationshipName: 'Cases' },
        { childSObject: 'Account', field: 'ParentId', relationshipName: 'ChildAccounts' },
      ],
    }),
    object('Contact', '003', 'Contacts', [
      field.ref('AccountId', 'Account ID', ['Account'], 'Account'),
      ...personName(),
      field.text('Title', 'Title', 128),
      field.text('Department', 'Department', 80),
      field.email('Email', 'Email', { idLookup: true }),
      field.phone('Phone', 'Business Phone'),
      field.phone('MobilePhone', 'Mobile Phone'),
      ...address('Mailing', 'Mailing'),
      field.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      field.date('Birthdate', 'Birthdate'),
      field.bool('HasOptedOutOfEmail', 'Email Opt Out'),
      field.textarea('Description', 'Contact Description'),
      ownerField(['User']),
      externalId(),
    ], { childRelationships: [{ childSObject: 'Case', field: 'ContactId', relationshipName: 'Cases' }] }),
    object('Lead', '00Q', 'Leads', [
      ...personName(),
      field.text('Title', 'Title', 128),
      field.text('Company', 'Company', 255, required),
      ...address('', 'Address').map((f) => ({ ...f, label: f.label.replace('Address ', '') })),
      field.email('Email', 'Email', { idLookup: true }),
      field.phone('Phone', 'Phone'),
      field.phone('MobilePhone', 'Mobile Phone'),
      field.url('Website', 'Website'),
      field.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      field.picklist('Status', 'Lead Status', ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted',
        'Closed - Not Converted'], { nillable: false, defaultValue: 'Open - Not Contacted' }),
      field.picklist('Industry', 'Industry', INDUSTRIES),
      field.picklist('Rating', 'Rating', RATINGS),
      field.currency('AnnualRevenue', 'Annual Revenue'),
      field.int('NumberOfEmployees', 'Employees'),
      field.bool('IsConverted', 'Converted', readOnly),
      field.bool('HasOptedOutOfEmail', 'Email Opt Out'),
      field.textarea('Description', 'Description'),
      ownerField(),
      externalId(),
    ]),
    object('Case', '500', 'Cases', [
      calculated(field.text('CaseNumber', 'Case Number', 30, { nameField: true, nillable: false })),
      field.ref('ContactId', 'Contact ID', ['Contact'], 'Contact'),
      field.ref('AccountId', 'Account ID', ['Account'], 'Account'),
      field.text('Subject', 'Subject', 255),
      field.textarea('Description', 'Description'),
      field.picklist('Status', 'Status', ['New', 'Working', 'Escalated', 'Closed'], { nillable: false, defaultValue: 'New' }),
      field.picklist('Priority', 'Priority', ['High', 'Medium', 'Low'], { defaultValue: 'Medium' }),
      field.picklist('Origin', 'Case Origin', ['Phone', 'Email', 'Web']),
      field.picklist('Type', 'Case Type', ['Question', 'Problem', 'Feature Request']),
      field.picklist('Reason', 'Case Reason', ['Installation', 'Equipment Complexity', 'Performance', 'Breakdown',
        'Equipment Design', 'Feedback', 'Other']),
      field.text('SuppliedName', 'Web Name', 80),
      field.email('SuppliedEmail', 'Web Email'),
      field.phone('SuppliedPhone', 'Web Phone'),
      field.text('SuppliedCompany', 'Web Company', 80),
      field.bool('IsEscalated', 'Escalated'),
      field.bool('IsClosed', 'Closed', readOnly),
      field.datetime('ClosedDate', 'Closed Date', readOnly),
      ownerField(),
      externalId(),
    ]),
    object('Opportunity', '006', 'Opportunities', [
      field.ref('AccountId', 'Account ID', ['Account'], 'Account'),
      field.text('Name', 'Name', 120, { nillable: false, nameField: true }),
      field.textarea('Description', 'Description'),
      field.picklist('StageName', 'Stage', ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition',
        'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won',
        'Closed Lost'], required),
      field.currency('Amount', 'Amount'),
      field.percent('Probability', 'Probability (%)'),
      field.date('CloseDate', 'Close Date', required),
      field.picklist('Type', 'Opportunity Type', ['Existing Customer - Upgrade', 'Existing Customer - Replacement',
        'Existing Customer - Downgrade', 'New Customer']),
      field.text('NextStep', 'Next Step', 255),
      field.picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      field.bool('IsClosed', 'Closed', readOnly),
      field.bool('IsWon', 'Won', readOnly),
      ownerField(['User']),
      externalId(),
    ]),
    object('User', '005', 'Users', [
      field.text('Username', 'Username', 80, { nillable: false, unique: true, idLookup: true }),
      ...personName().filter((f) => f.name !== 'Salutation'),
      field.text('Alias', 'Alias', 8, required),
      field.email('Email', 'Email', required),
      field.text('Title', 'Title', 80),
      field.text('CompanyName', 'Company Name', 80),
      field.bool('IsActive', 'Active', { defaultValue: true }),
      field.picklist('UserType', 'User Type', ['Standard'], { ...readOnly, defaultValue: 'Standard' }),
      field.picklist('TimeZoneSidKey', 'Time Zone', ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'GMT'],
        required),
      field.picklist('LocaleSidKey', 'Locale', ['en_US', 'en_GB'], required),
      field.picklist('LanguageLocaleKey', 'Language', ['en_US'], required),
      field.picklist('EmailEncodingKey', 'Email Encoding', ['UTF-8', 'ISO-8859-1'], required),
      field.datetime('LastLoginDate', 'Last Login', readOnly),
    ], readOnlyObject),
    object('Group', '00G', 'Groups', [
      field.text('Name', 'Name', 40, { nillable: false, nameField: true }),
      field.text('DeveloperName', 'Developer Name', 80, required),
      field.picklist('Type', 'Type', ['Queue', 'Regular', 'Role', 'Organization'], required),
      field.email('Email', 'Email'),
      field.bool('DoesSendEmailToMembers', 'Send Email to Members'),
      ownerField(['User']),
    ], readOnlyObject),
    object('AssignmentRule', '01Q', 'Assignment Rules', [
      field.text('Name', 'Name', 120, { nillable: false, nameField: true }),
      field.picklist('SobjectType', 'Object', ['Case', 'Lead'], required),
      field.bool('Active', 'Active'),
    ], { ...readOnlyObject, label: 'Assignment Rule' }),
  ];
}
