#!/usr/bin/python3
"""Browser tests of the mengpaneel: `verbinder serve` on a free loopback port, driven through Debian's
headless Chromium (chromium-driver + python3-selenium). Waits on events (the "listening" line, the page's
status attribute), never on fixed sleeps. Prints 'N passed, N failed' and exits non-zero on a failure."""
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("VERBINDER_BINARY") or os.path.join(ROOT, ".build/debug/verbinder")
TIMEOUT = 120


class Server:
    """A `verbinder serve` process; `url` is the address it printed."""

    def __init__(self, folder, *extra, scenarios="scenarios"):
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", "0", "--scenarios", scenarios, "--store", os.path.join(folder, "options.sqlite"), *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + TIMEOUT
        line = ""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 1)
            if ready:
                line = self.process.stdout.readline()
                break
            if self.process.poll() is not None:
                break
        if not line.startswith("listening on http://"):
            self.stop()
            raise RuntimeError(f"the server did not say it was listening: {line!r}")
        self.url = line.split("listening on ", 1)[1].strip()
        parsed = urllib.parse.urlsplit(self.url)
        self.origin = f"{parsed.scheme}://{parsed.netloc}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM to this pid
            self.process.wait(timeout=TIMEOUT)


def wait_done(driver):
    """Waits until the page's current run has streamed all replications."""
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.find_element(By.ID, "status").get_attribute("data-state") in ("done", "error"))
    state = driver.find_element(By.ID, "status").get_attribute("data-state")
    assert state == "done", "run ended with an error: " + driver.find_element(By.ID, "problem").text


def wait_network(driver):
    """Waits until the outcome network picture of the current settings has loaded; returns its address."""
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.find_element(By.ID, "network-box").get_attribute("data-state") in ("done", "error"))
    assert driver.find_element(By.ID, "network-box").get_attribute("data-state") == "done", "the outcome network did not load"
    image = driver.find_element(By.ID, "network")
    assert int(image.get_attribute("naturalWidth")) > 0, "the outcome network picture is empty"
    return image.get_attribute("src")


# A municipality small enough to sweep in seconds (two neighbourhoods, two connectors; as the Swift tests' one).
TINY = """name: Tiny test municipality
description: Two neighbourhoods, two departments in two clusters, two connectors.
run: {weeks: 8, seed: 3, replications: 2}
neighbourhoods:
  - {name: Noord, residents: 3000, partners: [police]}
  - {name: Zuid, residents: 2500, partners: [welfare]}
departments:
  - {name: Wijkzaken, domain: participation, cluster: A, officials: {policy: 4, execution: 6}}
  - {name: Openbare Ruimte, domain: physical, cluster: B, officials: {policy: 8, execution: 20}}
managers:
  - {name: Teammanager Wijkzaken, level: team, department: Wijkzaken}
  - {name: Clustermanager B, level: cluster, cluster: B}
aldermen:
  - {name: Wethouder Wijken, portfolio: [Wijkzaken], connectorPortfolio: true}
  - {name: Wethouder Fysiek, portfolio: [Openbare Ruimte]}
connectors:
  - {name: Verbinder Noord, homeDepartment: Wijkzaken, neighbourhoods: [Noord], hoursPerWeek: 24}
  - {name: Verbinder Zuid, homeDepartment: Wijkzaken, neighbourhoods: [Zuid], hoursPerWeek: 24}
policies:
  profile: developing
  capacity: {triage: firstCome, maxDeferralWeeks: 2}
  escalation: {route: clusterManager, trigger: afterRefusal, reluctance: 0.5}
"""


def praatplaat(driver):
    return [node.text for node in driver.find_elements(By.CSS_SELECTOR, "#praatplaat .cell-value")]


def fetch(url, data=None):
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return response.read()


def main():
    folder = tempfile.mkdtemp(prefix="mengpaneel-browser-")
    servers, results = [], []
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1500,1900",
                     f"--user-data-dir={folder}/profile"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = None
    try:
        server = Server(folder, "--open", "katwijk.yaml")
        servers.append(server)
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)

        def check(name, body):
            try:
                body()
                results.append((name, None))
                print(f"ok   {name}")
            except Exception as error:  # a failed check is reported, the others still run
                results.append((name, error))
                print(f"FAIL {name}: {error}")
                traceback.print_exc()

        def loads():
            driver.get(server.url)
            wait_done(driver)
            assert driver.find_element(By.ID, "scenario").get_attribute("value") == "katwijk.yaml"
            assert len(praatplaat(driver)) == 8, praatplaat(driver)
            assert driver.find_element(By.ID, "helped").text not in ("", "—")
            wait_network(driver)
            severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
            assert not severe, f"console errors: {severe}"
        check("the page loads with no console errors", loads)

        def slider():
            before = praatplaat(driver)
            picture = wait_network(driver)
            driver.find_element(By.ID, "slider-residents").send_keys(Keys.ARROW_RIGHT)
            wait_done(driver)
            assert driver.find_element(By.ID, "slider-residents-value").text == "hoog"
            after = praatplaat(driver)
            assert after != before, f"praatplaat unchanged: {after}"
            redrawn = wait_network(driver)
            assert redrawn != picture, "the outcome network was not asked for again after the move"
            old, new = fetch(picture).decode(), fetch(redrawn).decode()
            assert old != new, "the outcome network did not change after the move"
            for svg in (old, new):
                assert svg.count('class="cluster"') >= 3, "the arenas are not drawn as clusters"
                for arena in ("Leefwereld", "Professioneel netwerk", "Gemeentelijke organisatie"):
                    assert arena in svg, f"the arena {arena} is missing"
        check("moving a slider updates the praatplaat and redraws the outcome network", slider)

        def baseline():
            driver.find_element(By.ID, "pin").click()
            wait_done(driver)
            driver.find_element(By.ID, "intervention-repositioning").click()
            wait_done(driver)
            rows = driver.find_elements(By.CSS_SELECTOR, "#table tbody tr")
            assert len(rows) >= 10, f"{len(rows)} rows"
            helped = driver.find_element(By.CSS_SELECTOR, "#table tbody tr[data-metric=connectedPerYear] td.diff").text
            assert helped and helped != "—" and not helped.startswith("0 "), helped
            verdict = driver.find_element(By.ID, "verdict").text
            assert "verzoeken per jaar verbonden" in verdict, verdict
            assert len(driver.find_elements(By.CSS_SELECTOR, "#weekly polyline")) == 3  # requests, baseline, current
            assert len(driver.find_elements(By.CSS_SELECTOR, "#weekly .intervention-start")) == 1
        check("pinning a baseline shows differences, a verdict, and the intervention's start in the weekly series", baseline)

        def add_connector():
            driver.find_element(By.ID, "add-connector").click()
            wait_done(driver)
            assert len(driver.find_elements(By.CSS_SELECTOR, "#connectors .connector")) == 4
            titles = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#table tbody tr[data-metric=workload] td:first-child")]
            assert any("Nieuwe wijkverbinder 4" in title for title in titles), titles
            contracted = driver.find_element(By.CSS_SELECTOR, "#table tbody tr[data-metric=contractedHours] td.diff").text
            assert contracted.startswith("+36"), contracted
        check("adding a connector works", add_connector)

        def exported():
            href = driver.find_element(By.ID, "export-yaml").get_attribute("href")
            path = os.path.join(folder, "option.yaml")
            with open(path, "wb") as file:
                file.write(fetch(href))
            validate = subprocess.run([BINARY, "validate", path], cwd=ROOT, capture_output=True, text=True)
            assert validate.returncode == 0, validate.stderr
            simulated = subprocess.run([BINARY, "simulate", path, "--format", "json"], cwd=ROOT, capture_output=True, text=True)
            assert simulated.returncode == 0, simulated.stderr
            summary = json.loads(simulated.stdout)
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
            estimate = json.loads(fetch(server.origin + "/api/evaluate", json.dumps(
                {"scenario": query["scenario"][0], "settings": json.loads(query["settings"][0])}).encode()))
            for cell in estimate["praatplaat"]:
                expected = summary["praatplaat"][cell["role"]][cell["direction"]]
                assert cell["attempts"] == expected["attempts"] and cell.get("mean") == expected.get("mean"), (cell, expected)
            outcomes = summary["outcomes"]
            connected = outcomes["resolved"] + outcomes["resolvedAfterEscalation"] + outcomes["directResolved"]
            per_year = connected / summary["reproduction"]["replications"] * 52 / summary["reproduction"]["weeks"]
            shown = driver.find_element(By.ID, "helped").text.replace(".", "")
            assert shown == str(round(per_year)), (shown, per_year)
        check("the exported YAML validates and reproduces the numbers", exported)

        def share():
            link = driver.find_element(By.ID, "share").get_attribute("value")
            helped = driver.find_element(By.ID, "helped").text
            cells = praatplaat(driver)
            driver.get(link)
            wait_done(driver)
            assert len(driver.find_elements(By.CSS_SELECTOR, "#connectors .connector")) == 4
            assert driver.find_element(By.ID, "slider-residents-value").text == "hoog"
            assert driver.find_element(By.ID, "intervention-repositioning").is_selected()
            assert driver.find_element(By.ID, "helped").text == helped, (driver.find_element(By.ID, "helped").text, helped)
            assert praatplaat(driver) == cells
            # back to the scenario as baseline, then the same three moves again, for the checks below
            for action in ["reset", "pin"]:
                driver.find_element(By.ID, action).click()
                wait_done(driver)
            driver.find_element(By.ID, "slider-residents").send_keys(Keys.ARROW_RIGHT)
            wait_done(driver)
            for action in ["intervention-repositioning", "add-connector"]:
                driver.find_element(By.ID, action).click()
                wait_done(driver)
            assert driver.find_element(By.ID, "helped").text == helped
        check("the share link reproduces the settings", share)

        def language():
            driver.find_element(By.ID, "lang").click()
            wait_done(driver)
            headings = [node.text for node in driver.find_elements(By.TAG_NAME, "h2")]
            assert "Decision table" in headings, headings
            assert driver.find_element(By.ID, "lang").text == "Nederlands"
            verdict = driver.find_element(By.ID, "verdict").text
            assert "requests connected per year" in verdict, verdict
            assert "Pin the current settings" in driver.find_element(By.ID, "pin").text
            picture = fetch(wait_network(driver)).decode()
            assert "Lifeworld" in picture and "Professional network" in picture, "the outcome network is not in English"
        check("the language switch", language)

        def screenshot():
            wait_network(driver)
            # the whole page, outcome network included
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1500, min(max(1900, height + 200), 6000))
            path = os.path.join(folder, "mengpaneel.png")
            assert driver.save_screenshot(path)
            target = os.environ.get("MENGPANEEL_SCREENSHOT")
            if target:
                shutil.copyfile(path, target)
            print(f"     screenshot: {target or path}")
        check("a screenshot", screenshot)

        def sweep():
            scenarios = os.path.join(folder, "tiny-scenarios")
            os.makedirs(scenarios, exist_ok=True)
            with open(os.path.join(scenarios, "tiny.yaml"), "w") as file:
                file.write(TINY)
            os.makedirs(os.path.join(folder, "tiny-store"), exist_ok=True)
            tiny = Server(os.path.join(folder, "tiny-store"), "--open", "tiny.yaml", scenarios=scenarios)
            servers.append(tiny)
            driver.get(tiny.url)
            wait_done(driver)
            driver.find_element(By.CSS_SELECTOR, "#sweep-kind option[value=profiles]").click()
            replications = driver.find_element(By.ID, "sweep-replications")
            replications.clear()
            replications.send_keys("2")
            driver.find_element(By.ID, "sweep-start").click()
            WebDriverWait(driver, TIMEOUT).until(
                lambda d: d.find_element(By.ID, "sweep-status").get_attribute("data-state") in ("done", "failed", "cancelled"))
            state = driver.find_element(By.ID, "sweep-status").get_attribute("data-state")
            assert state == "done", driver.find_element(By.ID, "sweep-text").text
            progress = driver.find_element(By.ID, "sweep-progress")
            assert progress.get_attribute("value") == progress.get_attribute("max") == "10", (progress.get_attribute("value"), progress.get_attribute("max"))
            report = driver.find_element(By.ID, "sweep-report")
            assert report.is_displayed()
            driver.get(report.get_attribute("href"))
            text = driver.find_element(By.TAG_NAME, "body").text
            assert "Tiny test municipality" in text and "tilted" in text, text[:500]
            stored = os.listdir(os.path.join(folder, "tiny-store", "options-sweeps"))
            assert len(stored) == 1 and os.path.exists(os.path.join(folder, "tiny-store", "options-sweeps", stored[0], "results.sqlite")), stored
            # A restarted server on the same store still lists the sweep, with its report.
            tiny.stop()
            again = Server(os.path.join(folder, "tiny-store"), "--open", "tiny.yaml", scenarios=scenarios)
            servers.append(again)
            driver.get(again.url)
            wait_done(driver)
            WebDriverWait(driver, TIMEOUT).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#sweep-list li[data-id='{stored[0]}'] a"))
            listed = driver.find_element(By.CSS_SELECTOR, f"#sweep-list li[data-id='{stored[0]}']")
            assert listed.get_attribute("data-state") == "done", listed.text
            driver.get(listed.find_element(By.TAG_NAME, "a").get_attribute("href"))
            assert "Tiny test municipality" in driver.find_element(By.TAG_NAME, "body").text
        check("a profile sweep started from the page shows its progress, opens its report, and is still listed after a restart", sweep)

        def token():
            shared = Server(folder, "--host", "127.0.0.2")
            servers.append(shared)
            try:
                fetch(shared.origin + "/api/scenarios")
                raise AssertionError("a token-less request was answered")
            except urllib.error.HTTPError as error:
                assert error.code == 401, error.code
            driver.get(shared.origin + "/")
            assert "token" in driver.find_element(By.TAG_NAME, "body").text
            driver.get(shared.url)
            wait_done(driver)
            assert len(praatplaat(driver)) == 8
        check("a token-less request from another host is refused", token)
    finally:
        if driver is not None:
            driver.quit()
        for server in servers:
            server.stop()
    failed = sum(1 for _, error in results if error)
    print(f"{len(results) - failed} passed, {failed} failed")
    if not failed:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
