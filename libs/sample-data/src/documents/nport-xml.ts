import type { FundPeriod, PeriodHolding, SampleFund } from '../portfolio-model';
import { addMonths, monthEnd } from '../calendar';
import type { ExpectedClaim, SampleDocument } from './sample-document';

/**
 * SEC Form N-PORT (NPORT-P) XML in the shape of the real EDGAR filings in the fixtures: header,
 * general information, fund totals, monthly returns and flows, then one `invstOrSec` per holding
 * (equities with share counts, bonds with principal and a `debtSec` block).
 */
export function nportDocument(fund: SampleFund, period: FundPeriod): SampleDocument {
  const xml = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<edgarSubmission xmlns="http://www.sec.gov/edgar/nport" xmlns:com="http://www.sec.gov/edgar/common" xmlns:ncom="http://www.sec.gov/edgar/nportcommon" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `  <headerData>`,
    `    <submissionType>NPORT-P</submissionType>`,
    `    <isConfidential>false</isConfidential>`,
    `    <filerInfo>`,
    `      <filer>`,
    `        <issuerCredentials>`,
    `          <cik>${fund.registrant.cik}</cik>`,
    `          <ccc>XXXXXXXX</ccc>`,
    `        </issuerCredentials>`,
    `      </filer>`,
    `      <seriesClassInfo>`,
    `        <seriesId>${fund.seriesId}</seriesId>`,
    `        <classId>${fund.classId}</classId>`,
    `      </seriesClassInfo>`,
    `    </filerInfo>`,
    `  </headerData>`,
    `  <formData>`,
    `    <genInfo>`,
    `      <regName>${escapeXml(fund.registrant.name)}</regName>`,
    `      <regFileNumber>${fund.registrant.fileNumber}</regFileNumber>`,
    `      <regCik>${fund.registrant.cik}</regCik>`,
    `      <regLei>${fund.registrant.lei}</regLei>`,
    `      <regStreet1>100 Sample Street</regStreet1>`,
    `      <regCity>Boston</regCity>`,
    `      <regStateConditional regCountry="US" regState="US-MA"/>`,
    `      <regZipOrPostalCode>02110</regZipOrPostalCode>`,
    `      <regPhone>617-555-0100</regPhone>`,
    `      <seriesName>${escapeXml(fund.name)}</seriesName>`,
    `      <seriesId>${fund.seriesId}</seriesId>`,
    `      <seriesLei>${fund.lei}</seriesLei>`,
    `      <repPdEnd>${fiscalYearEnd(period.period)}</repPdEnd>`,
    `      <repPdDate>${period.reportDate}</repPdDate>`,
    `      <isFinalFiling>N</isFinalFiling>`,
    `    </genInfo>`,
    `    <fundInfo>`,
    `      <totAssets>${period.totalAssets}</totAssets>`,
    `      <totLiabs>${period.totalLiabilities}</totLiabs>`,
    `      <netAssets>${period.netAssets}</netAssets>`,
    `      <assetsAttrMiscSec>0.00</assetsAttrMiscSec>`,
    `      <assetsInvested>0.00</assetsInvested>`,
    `      <isNonCashCollateral>N</isNonCashCollateral>`,
    `      <returnInfo>`,
    `        <monthlyTotReturns>`,
    `          <monthlyTotReturn classId="${fund.classId}" rtn1="${period.monthlyReturns[0]}" rtn2="${period.monthlyReturns[1]}" rtn3="${period.monthlyReturns[2]}"/>`,
    `        </monthlyTotReturns>`,
    `      </returnInfo>`,
    ...period.flows.map(
      (flow, i) =>
        `      <mon${i + 1}Flow redemption="${flow.redemption}" reinvestment="${flow.reinvestment}" sales="${flow.sales}"/>`,
    ),
    `    </fundInfo>`,
    `    <invstOrSecs>`,
    ...period.holdings.map(holdingXml),
    `    </invstOrSecs>`,
    `    <signature>`,
    `      <ncom:dateSigned>${addMonths(period.period, 1)}-25</ncom:dateSigned>`,
    `      <ncom:nameOfApplicant>${escapeXml(fund.registrant.name)}</ncom:nameOfApplicant>`,
    `      <ncom:signature>${escapeXml(fund.manager)}</ncom:signature>`,
    `      <ncom:signerName>${escapeXml(fund.manager)}</ncom:signerName>`,
    `      <ncom:title>Treasurer</ncom:title>`,
    `    </signature>`,
    `  </formData>`,
    `</edgarSubmission>`,
    '',
  ].join('\n');
  return {
    fundId: fund.fundId,
    period: period.period,
    artefactType: 'nport',
    fileName: `${fund.fundId}_NPORT-P_${period.reportDate}.xml`,
    mediaType: 'application/xml',
    content: Buffer.from(xml, 'utf8'),
    expected: nportClaims(fund, period),
  };
}

function holdingXml({ security, value, pct, balance }: PeriodHolding): string {
  const bond = security.kind === 'bond';
  return [
    `      <invstOrSec>`,
    `        <name>${escapeXml(security.issuerName)}</name>`,
    `        <lei>${security.issuerLei}</lei>`,
    `        <title>${escapeXml(security.title)}</title>`,
    `        <cusip>${security.cusip}</cusip>`,
    `        <identifiers>`,
    `          <isin value="${security.isin}"/>`,
    `          <ticker value="${security.ticker}"/>`,
    `        </identifiers>`,
    `        <balance>${balance}</balance>`,
    `        <units>${bond ? 'PA' : 'NS'}</units>`,
    `        <curCd>USD</curCd>`,
    `        <valUSD>${value}</valUSD>`,
    `        <pctVal>${pct}</pctVal>`,
    `        <payoffProfile>Long</payoffProfile>`,
    `        <assetCat>${bond ? 'DBT' : 'EC'}</assetCat>`,
    `        <issuerCat>CORP</issuerCat>`,
    `        <invCountry>US</invCountry>`,
    `        <isRestrictedSec>N</isRestrictedSec>`,
    `        <fairValLevel>${bond ? 2 : 1}</fairValLevel>`,
    ...(bond
      ? [
          `        <debtSec>`,
          `          <maturityDt>${security.maturity}</maturityDt>`,
          `          <couponKind>Fixed</couponKind>`,
          `          <annualizedRt>${security.coupon}</annualizedRt>`,
          `          <isDefault>N</isDefault>`,
          `          <areIntrstPmntsInArrs>N</areIntrstPmntsInArrs>`,
          `          <isPaidKind>N</isPaidKind>`,
          `        </debtSec>`,
        ]
      : []),
    `        <securityLending>`,
    `          <isCashCollateral>N</isCashCollateral>`,
    `          <isNonCashCollateral>N</isNonCashCollateral>`,
    `          <isLoanByFund>N</isLoanByFund>`,
    `        </securityLending>`,
    `      </invstOrSec>`,
  ].join('\n');
}

/** Fiscal years end in December: the filing's `repPdEnd`. */
const fiscalYearEnd = (period: string) => monthEnd(`${period.slice(0, 4)}-12`);

function nportClaims(fund: SampleFund, period: FundPeriod): ExpectedClaim[] {
  const text = (metric: string, value: string): ExpectedClaim => ({ metric, value, unit: 'text' });
  const usd = (metric: string, value: string): ExpectedClaim => ({ metric, value, unit: 'USD' });
  return [
    text('fund.name', fund.name),
    text('fund.series_id', fund.seriesId),
    text('fund.lei', fund.lei),
    text('fund.registrant_name', fund.registrant.name),
    { metric: 'filing.report_date', value: period.reportDate, unit: 'date' },
    usd('fund.total_assets', period.totalAssets),
    usd('fund.total_liabilities', period.totalLiabilities),
    usd('fund.net_assets', period.netAssets),
    ...period.monthlyReturns.map((value): ExpectedClaim => ({
      metric: 'share_class.monthly_return',
      shareClass: fund.classId,
      value,
      unit: 'percent',
    })),
    ...period.flows.flatMap((flow): ExpectedClaim[] => [
      usd('fund.flow.sales', flow.sales),
      usd('fund.flow.reinvestment', flow.reinvestment),
      usd('fund.flow.redemption', flow.redemption),
    ]),
    ...period.holdings.flatMap(({ security, value, pct }): ExpectedClaim[] => [
      { metric: 'holding.value', subject: `isin:${security.isin}`, value, unit: 'USD' },
      { metric: 'holding.pct_net_assets', subject: `isin:${security.isin}`, value: pct, unit: 'percent' },
    ]),
  ];
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (char) => XML_ESCAPES[char]);
