// Runs after the consumer's two builds (maven-invoker-plugin): the tests passed; check that the last one, the guide's
// pom.xml as it is (with seunit-allure), reported them.
def results = new File(basedir, 'target/allure-results')
def cases = results.listFiles()?.findAll { it.name.endsWith('-result.json') } ?: []
assert cases.size() >= 2 : "expected Allure results of the campaign and the property tries in ${results}, found ${cases.size()}"
assert new File(results, 'environment.properties').isFile() : "seunit-allure writes environment.properties into ${results}"

def summary = new File(basedir, 'target/seunit/run-summary.json')
assert summary.isFile() : "seunit-allure writes the run summary to ${summary}"
def text = summary.text
assert text.contains('lowMantissaFlipsAreHarmless') : "the run summary names the campaign test:\n${text}"
assert text.contains('PASSED') : "the campaign's verdict is PASSED:\n${text}"

// the builds ran on JUnit 5 and on JUnit 6 (the test prints the junit-jupiter-api jar it runs with)
def log = new File(basedir, 'build.log').text
assert log.contains("Running on junit-jupiter-api-${junitVersion}.jar") : "a build on JUnit ${junitVersion}"
assert log.contains("Running on junit-jupiter-api-${junit6Version}.jar") : "a build on JUnit ${junit6Version}"
return true
