import { LocatorResolutionError } from '../extraction-errors';
import { createXpathResolver, toLocalNameXpath } from './xpath-resolver';

const XML = `
<?xml version="1.0" encoding="UTF-8"?>
<edgarSubmission xmlns="http://www.sec.gov/edgar/nport">
  <formData>
    <monthlyTotReturns>
      <monthlyTotReturn classId="A" rtn1="1.5"/>
      <monthlyTotReturn classId="B" rtn1="-.2"/>
    </monthlyTotReturns>
    <invstOrSecs>
      <invstOrSec><name>First</name></invstOrSec>
      <invstOrSec><name>AT&amp;T Inc</name></invstOrSec>
    </invstOrSecs>
  </formData>
</edgarSubmission>`;

function errorOf(action: () => unknown): LocatorResolutionError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(LocatorResolutionError);
    return error as LocatorResolutionError;
  }
  throw new Error('expected a LocatorResolutionError');
}

describe('xpath locator resolver', () => {
  const resolveXpath = createXpathResolver(XML);

  it('resolves elements and attributes by local name and position, whatever the default namespace', () => {
    expect(resolveXpath('/edgarSubmission/formData/invstOrSecs/invstOrSec[2]/name')).toBe('AT&T Inc');
    expect(resolveXpath('/edgarSubmission/formData/monthlyTotReturns/monthlyTotReturn[2]/@rtn1')).toBe('-.2');
  });

  it('gives null where the document has nothing', () => {
    expect(resolveXpath('/edgarSubmission/formData/invstOrSecs/invstOrSec[3]/name')).toBeNull();
    expect(resolveXpath('/edgarSubmission/formData/genInfo/seriesId')).toBeNull();
    expect(resolveXpath('/edgarSubmission/formData/monthlyTotReturns/monthlyTotReturn[1]/@rtn2')).toBeNull();
  });

  it('refuses a path that matches more than one node', () => {
    expect(errorOf(() => resolveXpath('/edgarSubmission/formData/invstOrSecs/invstOrSec/name')).code).toBe(
      'LOCATOR_AMBIGUOUS',
    );
  });

  it.each([
    ['edgarSubmission/formData'],
    ['/edgarSubmission//name'],
    ['/edgarSubmission/@a/b'],
    ['/a[0]'],
    ['/'],
  ])('refuses %j as a locator', (path) => {
    expect(errorOf(() => resolveXpath(path)).code).toBe('LOCATOR_INVALID');
  });

  it('refuses a malformed document', () => {
    expect(errorOf(() => createXpathResolver('<a><b></a>')).code).toBe('LOCATOR_UNREADABLE_ARTEFACT');
  });

  it('refuses a document with a DOCTYPE', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>';
    expect(errorOf(() => createXpathResolver(xml)).code).toBe('LOCATOR_UNREADABLE_ARTEFACT');
  });

  it('writes the same locator as a standard XPath 1.0 expression', () => {
    expect(toLocalNameXpath('/edgarSubmission/invstOrSecs/invstOrSec[17]/valUSD')).toBe(
      "/*[local-name()='edgarSubmission']/*[local-name()='invstOrSecs']/*[local-name()='invstOrSec'][17]/*[local-name()='valUSD']",
    );
    expect(toLocalNameXpath('/a/b[2]/@rtn1')).toBe("/*[local-name()='a']/*[local-name()='b'][2]/@rtn1");
  });
});
