"""Detection: kinds, extracted facts, places, and the stories that only share the words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from alerts.detection import Detection, EntryText, detect, locate


def run(title: str, summary: str = "", region: str | None = None) -> Detection | None:
    return detect(EntryText(title=title, summary=summary, region=region))


def where(text: str, region: str | None = None) -> str | None:
    guess = locate(text, region)
    return guess.place.label if guess else None


def test_oakland_federal_gear_theft() -> None:
    det = run(
        "Lockbox with ammunition, vest and agency jacket taken from federal agent's car",
        "OAKLAND (KTVU) — A thief smashed a window of a Homeland Security Investigations "
        "agent's car and took a lockbox with rounds of ammunition, a ballistic vest and a jacket.",
    )
    assert det is not None and det.kind == "stolen_gear"
    assert {"vest", "jacket", "ammunition"} <= set(det.items)
    assert det.agencies == ["HSI"]  # no parent agency added
    assert det.place is not None and det.place.label == "Oakland, CA"
    assert det.evidence and 0 < det.confidence <= 1


def test_impersonation_with_tactics() -> None:
    det = run(
        "Men posing as ICE agents rob family at home",
        "Two men who said they were immigration officers forced their way into a house in "
        "Riverside, Calif., held the family at gunpoint and demanded $2,000.",
    )
    assert det is not None and det.kind == "impersonation"
    assert det.agencies == ["ICE"]
    assert {"home_visit", "robbery", "demanded_money"} <= set(det.tactics)
    assert det.place is not None and det.place.label == "Riverside, CA"


def test_spanish_impersonation_and_la_migra() -> None:
    det = run(
        "Se hacen pasar por la migra para extorsionar a vendedores",
        "Dos hombres que dijeron ser agentes de inmigración exigieron dinero a vendedores "
        "en Santa Ana, California, denunció la policía.",
    )
    assert det is not None and det.kind == "impersonation"
    assert "ICE" in det.agencies
    assert det.place is not None and det.place.label == "Santa Ana, CA"


def test_spanish_stolen_gear() -> None:
    det = run(
        "Roban placa y chaleco de un agente de la Patrulla Fronteriza",
        "Ladrones robaron la placa y el chaleco de un agente de la Patrulla Fronteriza de su "
        "camioneta en Yuma, Arizona.",
    )
    assert det is not None and det.kind == "stolen_gear"
    assert {"badge", "vest"} <= set(det.items) and det.agencies == ["USBP"]
    assert det.place is not None and det.place.label == "Yuma, AZ"


def test_stolen_gear_that_might_be_used_to_impersonate_stays_stolen_gear() -> None:
    det = run(
        "Police badge stolen; officials fear it could be used to impersonate an ICE officer",
        "A badge was stolen from a detective's car in Reno, Nevada, police said.",
    )
    assert det is not None and det.kind == "stolen_gear"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # real ICE operations
        ("ICE arrests 40 in Atlanta operation", "Immigration officers detained 40 people."),
        ("Agentes de ICE detienen a trabajadores en Dallas", "La agencia confirmó los arrestos."),
        # sanctuary and policy debates
        (
            "Lawmakers debate bill to stop ICE impersonators",
            "A bill would make officers show ID because masks let criminals pose as agents.",
        ),
        (
            "Concejo debate política santuario",
            "Activistas advirtieron sobre falsos agentes de ICE durante el debate del concejo.",
        ),
        # officers assaulted
        ("Border Patrol agent assaulted during arrest", "The agent was hurt; a man was charged."),
        # civilian car thefts
        ("Thief steals car from driveway", "A man stole a car in Fresno, police said."),
        ("Stolen car crashes into patrol car", "The stolen car hit a police cruiser."),
        # departments buying vests
        ("Police buy new ballistic vests", "The department purchased 40 vests with a grant."),
        # costumes and films
        ("Store pulls ICE agent Halloween costume", "The costume came with a vest and badge."),
        ("Film crew in ICE jackets alarms neighbors", "Actors posed as agents for a movie scene."),
        ("Rodaje con actores vestidos de agentes de ICE", "Vecinos vieron el rodaje de una serie."),
        # drills
        ("Airport drill has officers posing as intruders", "It was a training exercise."),
        # debunked rumours
        ("Viral claim of fake ICE checkpoint is a hoax", "Police said no such reports were made."),
        ("Desmienten rumor de falsos agentes de ICE", "No hay evidencia, dijo la policía."),
        # audits and statistics
        (
            "Audit: agency lost track of guns and badges",
            "An inspector general audit found firearms and badges were stolen or missing.",
        ),
        (
            "ICE impersonation cases rise nationwide, analysis finds",
            "A review found dozens of cases this year across the country.",
        ),
        # real agents who extort
        ("ICE officer charged with extorting immigrants", "He demanded bribes, prosecutors said."),
        # lost and found
        ("Deputy's lost badge found and returned", "A hiker found the badge on a trail."),
        # impersonating local police only (outside SPEC scope)
        ("Man posing as police officer pulls drivers over", "He used a blue light, deputies said."),
        # advice pieces
        ("How to tell a real ICE agent from a fake one", "Ask for a badge and a signed warrant."),
        # guns stolen from civilians, later linked to officers
        (
            "Stolen gun used in shooting of officer, police say",
            "The handgun used to wound an officer had been reported stolen from a car in March.",
        ),
        ("Deputies recover guns stolen in home burglary", "Deputies found rifles stolen."),
        ("Federal agents seize guns stolen from Army depot", "The FBI said they were stolen."),
        # general warnings and claims about agents, no event
        ("ICE warns impostors are exploiting fear", "The agency urged people to verify badges."),
        ("Mayor: masked agents make it easy to impersonate ICE", "Criminals could pose as them."),
        # someone else impersonated, agents only nearby
        ("ICE officer threatened by man posing as reporter", "He claimed to be a journalist."),
        # "ice" that is not the agency
        ("Man steals ice cream truck", "He stole an ice cream truck in Reno, police said."),
        # a local resolution, not an incident
        (
            "Commissioners debate resolution on ICE impostors",
            "Residents worried about people pretending to be ICE, commissioners said.",
        ),
        # a grab for an officer's gun during a struggle is an assault, not a theft
        (
            "Deputy injured as suspect reaches for his gun in Yakima",
            "The man tried to take the deputy's service pistol before he was subdued.",
        ),
        # counterfeit badges seized before anyone used them
        (
            "Customs officers intercept fake ICE badges bound for Texas",
            "Officers seized a shipment of counterfeit HSI badges at the mail facility.",
        ),
        # reports that were denied or turned out to be real agents
        (
            "Police cannot confirm report of stolen ICE vests",
            "The department said nothing was stolen from the training center.",
        ),
        (
            "Driver feared a fake agent; he was a real Border Patrol agent after all",
            "The stop near Laredo was made by an on-duty agent, the sheriff said.",
        ),
        # real agents wearing their own gear
        (
            "ICE officers wearing HSI vests detain man at Omaha plant",
            "Agents arrested him on a warrant, the agency said.",
        ),
        # gear gone missing with no theft told may be lost
        (
            "Deputy's badge went missing during county fair shift in Salina",
            "The sheriff's office asked anyone who finds it to call.",
        ),
        # aggregates of lost or stolen gear
        (
            "Thousands of federal agents' guns lost or stolen, records review finds",
            "Many were taken from agents' cars between 2012 and 2020, the study says.",
        ),
        # an official alert with no event
        (
            "State attorney general issues alert on scammers posing as ICE agents",
            "The alert reminds residents that agents never ask for money by phone.",
        ),
        # advice addressed to everyone, and counts of cases in Spanish
        (
            "Governor urges residents to ask anyone claiming to be ICE for a warrant",
            "Impersonating a federal officer is a crime, her office noted.",
        ),
        (
            "Reportan decenas de casos de falsos agentes de ICE este año",
            "Una revisión de registros judiciales halló más casos que en años anteriores.",
        ),
        (
            "Consulado publica guía para identificar a falsos agentes de migración",
            "Recomendó pedir el número de placa y no abrir la puerta sin una orden judicial.",
        ),
        (
            "Impostor scam losses hit record, FTC says",
            "Callers pretending to be federal agents took $1 billion, new figures show.",
        ),
        # a civilian's pickup, even with a deputy nearby
        ("Man stole a pickup from a Waco dealership", "Deputies found the truck in a field."),
        # climbing into a patrol car is no theft unless it is driven off
        ("Man climbed into patrol car to sleep in Biloxi", "Officers woke him and drove him home."),
        # a court settlement about agents' conduct
        (
            "Judge approves settlement barring ICE from posing as local police",
            "The class-action settlement covers home arrests in Southern California.",
        ),
        # replica vests seized as cargo
        (
            "Replica ICE vests seized at Memphis shipping hub",
            "CBP officers found 40 imitation vests in a parcel declared as clothing.",
        ),
    ],
)
def test_hard_negatives(title: str, summary: str) -> None:
    assert run(title, summary) is None


def test_agency_clothing_worn_during_a_crime_is_impersonation() -> None:
    det = run(
        "Man in ICE windbreaker robs construction workers",
        "Police said the man, wearing a windbreaker with ICE on the back, took their cash.",
    )
    assert det is not None and det.kind == "impersonation"
    assert "jacket" in det.items and "robbery" in det.tactics


@pytest.mark.parametrize(
    ("title", "summary", "kind"),
    [
        # a bystander filming the encounter does not make it a movie
        (
            "Man posing as ICE agent stops landscapers in Boise",
            "He ordered three workers out of their truck; a neighbor filmed the scene.",
            "impersonation",
        ),
        # DEA by its full name, and a "fake drug agent"
        (
            "Fake drug agent arrested after pulling over a driver in Fresno",
            "He was accused of posing as a Drug Enforcement Administration agent.",
            "impersonation",
        ),
        # agency clothing worn by a civilian who stops drivers
        (
            "Tulsa man wore FBI badge to stop motorists, police say",
            "Officers said he spent weeks stopping drivers on the interstate.",
            "impersonation",
        ),
        # thefts told without "stolen ... from an officer"
        (
            "Burglar walks off with deputy's duty belt and radio in Ogden",
            "Deputies said the radio and belt were taken from a locker.",
            "stolen_gear",
        ),
        (
            "Agent's pickup, with rifle and body armor inside, stolen outside Tucson gym",
            "The Border Patrol agent told police the truck was gone within minutes.",
            "stolen_gear",
        ),
        (
            "Officer's .40-caliber pistol and badge taken from car in Akron",
            "The officer's pistol, badge and wallet were stolen from her personal car.",
            "stolen_gear",
        ),
        (
            "Stolen RCMP jackets recovered in Red Deer",
            "Two jackets taken from an RCMP officer's truck were found on Monday.",
            "stolen_gear",
        ),
        (
            "Tactical vests went missing from sheriff's substation in Pueblo",
            "Investigators said the door had been forced.",
            "stolen_gear",
        ),
        (
            "Marshal's rifle and badge went missing after burglars smashed his truck window",
            "The deputy U.S. marshal had parked outside a Toledo restaurant.",
            "stolen_gear",
        ),
        (
            "Thieves loot sheriff's patrol car parked at deputy's home in Lubbock",
            "A rifle and a ballistic vest were inside, deputies said.",
            "stolen_gear",
        ),
        (
            "Hombres armados despojan a policías de sus armas y radios en León",
            "Les quitaron dos rifles y la patrulla, informó la fiscalía.",
            "stolen_gear",
        ),
        # an impostor whom real officers "could not verify": no denial of the report
        (
            "Man who said he was an FBI agent arrested at Reno casino",
            "Casino guards and police could not verify him; he had a fake badge.",
            "impersonation",
        ),
        (
            "Hombres con chalecos que decían 'ICE' exigieron dinero a un vendedor en Pasadena",
            "La policía dijo que no eran agentes federales y busca a los sospechosos.",
            "impersonation",
        ),
        # claims of working for an agency, told many ways
        (
            "Salinas man pretended to work for ICE to collect fees from tenants",
            "He showed a printed ID card and was arrested on Tuesday, police said.",
            "impersonation",
        ),
        (
            "Woman charged with falsely representing herself as a federal agent",
            "Prosecutors say she visited families in Visalia and promised to stop deportations.",
            "impersonation",
        ),
        (
            "Man told a family of five in Ontario, Calif., he was with immigration",
            "He demanded $800 and fled when neighbors arrived, police said.",
            "impersonation",
        ),
        # agency clothing on someone the agency disowns
        (
            "Man in Border Patrol jacket questioned shoppers in Nogales",
            "The agency said the man had no connection to any law enforcement agency.",
            "impersonation",
        ),
        (
            "Two men in 'POLICE ICE' vests tried to grab workers outside Mesa store",
            "The men fled when a crowd gathered, witnesses said.",
            "impersonation",
        ),
        # vehicles made to pass as an agency's
        (
            "Sedan painted to look like a Border Patrol unit stopped on I-10 near Deming",
            "Agents arrested the driver, who was carrying six people, on Friday.",
            "impersonation",
        ),
        (
            "Aseguran camioneta clonada de la Patrulla Fronteriza en Nogales, Sonora",
            "El conductor fue detenido con ocho migrantes, informó la fiscalía.",
            "impersonation",
        ),
        # thefts with the owner right before the gear, and police fleet models
        (
            "Rifle lifted from deputy's cruiser outside Macon diner",
            "The deputy was eating when someone opened the car, the sheriff said.",
            "stolen_gear",
        ),
        (
            "Sheriff's Tahoe driven off from Bastrop car wash while deputy vacuumed it",
            "The SUV was found two hours later, deputies said.",
            "stolen_gear",
        ),
        (
            "Se llevan patrulla de la policía municipal de Tehuacán",
            "La unidad fue localizada horas después en un camino rural.",
            "stolen_gear",
        ),
        # announcing an agency at the door, claiming ties to it, Spanish affirmations
        (
            "Masked men announcing 'ICE' pounded on a Tulsa apartment door",
            "They fled when a neighbor came out, police said.",
            "impersonation",
        ),
        (
            "Man boasted of ties to ICE while demanding cash from workers in Dalton, Ga.",
            "Police arrested him on Thursday.",
            "impersonation",
        ),
        (
            "Arrestan en Yuma a hombre que aseguró ser agente de inmigración",
            "La policía dijo que pidió dinero a dos trabajadores.",
            "impersonation",
        ),
        (
            "Man acting as a federal immigration officer took a detainee from the Minot jail",
            "Deputies said he was arrested on Friday.",
            "impersonation",
        ),
        (
            "Detienen en Hermosillo a hombre que se ostentaba como agente federal",
            "Pedía dinero a migrantes en la central de autobuses, informó la fiscalía.",
            "impersonation",
        ),
        (
            "Capturan a mujer que decía trabajar para migración en Salinas",
            "Cobraba 500 dólares por supuestos trámites, dijo la policía.",
            "impersonation",
        ),
        (
            "Denuncian a falsos agentes de Aduanas que pedían dinero en Agua Prieta",
            "Dos hombres fueron detenidos, informó la fiscalía.",
            "impersonation",
        ),
        (
            "Hombres vestidos con camisas con el logotipo de la Patrulla Fronteriza asaltaron"
            " a migrantes en Sásabe",
            "Les quitaron sus teléfonos, dijo la policía.",
            "impersonation",
        ),
        (
            "Man flashed fake Homeland Security badge at roofers in Conway",
            "He told them to pay or be deported, police said.",
            "impersonation",
        ),
        (
            "Deputy's rifle still missing after Moore car break-ins",
            "Thieves hit six cars on Monday, the sheriff said.",
            "stolen_gear",
        ),
        (
            "Man showed U.S. Marshal badge to get into a Joplin apartment",
            "The Marshals Service said he has never worked for the agency.",
            "impersonation",
        ),
        (
            "Disfrazaron una camioneta como patrulla fronteriza para cruzar migrantes en Sells",
            "Los tres ocupantes fueron detenidos por agentes, dijo la fiscalía.",
            "impersonation",
        ),
        (
            "Patient drives off in deputy's patrol car outside Florence hospital",
            "He was stopped on I-95 an hour later, the sheriff said.",
            "stolen_gear",
        ),
        # an agency's lettering on stolen gear is no impersonation ("yellow" is no "yell")
        (
            "ATF agent's raid jacket stolen from government SUV in Macon",
            "A blue jacket with yellow ATF lettering is missing, police said on Monday.",
            "stolen_gear",
        ),
        # a badge lifted, a running patrol car driven off
        (
            "Thief lifts deputy's badge from patrol car in Salem",
            "The deputy had left the window down, the sheriff's office said.",
            "stolen_gear",
        ),
        (
            "Teen hops into running patrol car and drives off in Biloxi",
            "Officers stopped the car a mile away on Monday.",
            "stolen_gear",
        ),
        # fake agents who robbed someone, whose vests police later seized
        (
            "Fake ICE agents rob workers in Garden Grove; police seize their vests",
            "The men demanded cash from day laborers, police said.",
            "impersonation",
        ),
    ],
)
def test_reports_worded_many_ways(title: str, summary: str, kind: str) -> None:
    det = run(title, summary)
    assert det is not None and det.kind == kind


def test_irrelevant_entries_are_cheap_nones() -> None:
    assert run("City council approves budget", "Parks get new benches.") is None
    assert run("", "") is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("TUCSON, Ariz. — A man posing as a Border Patrol agent robbed two men.", "Tucson, AZ"),
        ("HOUSTON (KHOU) — Police warn of fake ICE agents.", "Houston, TX"),
        ("A fake ICE agent attacked a woman in the Bronx, police said.", "New York, NY"),
        ("Un falso agente de ICE fue arrestado en Nueva York.", "New York, NY"),
        ("Deputies in Orange County, California, seek fake agents.", "California, US"),
        ("Lorain police say a badge and vest were stolen.", "Lorain, OH"),
        ("A man posing as ICE robbed a vendor in Van Nuys, police said.", "Los Angeles, CA"),
        ("GREENVILLE, S.C. — A man claimed to be with ICE.", "Greenville, SC"),
        ("A badge was stolen from a car on Congress Street, Maine police said.", "Maine, US"),
    ],
)
def test_place_extraction(text: str, label: str) -> None:
    assert where(text) == label


def test_incident_place_beats_suspect_home_town() -> None:
    text = (
        "A Huger man was charged after detaining Latino workers on Sullivan's Island while "
        "claiming to be an ICE agent."
    )
    assert where(text) == "Sullivans Island, SC"


def test_incident_place_beats_dateline() -> None:
    text = "DALLAS — Police say a raid jacket was stolen from an officer's car in Fort Worth."
    assert where(text) == "Fort Worth, TX"


def test_ambiguous_names_use_state_in_text_or_feed_region() -> None:
    assert where("PORTLAND, Maine — A rifle was stolen.") == "Portland, ME"
    assert where("Police in Portland said a man posed as ICE.", "Bangor, ME") == "Portland, ME"
    assert where("Police in Portland said a man posed as ICE.") == "Portland, OR"
    assert where("Columbus, Ga. police arrested a fake agent.") == "Columbus, GA"


def test_the_state_of_the_dateline_outweighs_a_state_named_in_passing() -> None:
    text = (
        "GREENVILLE COUNTY, S.C. — A man posing as an ICE agent stopped drivers in Greenville "
        "before he fled into North Carolina, deputies said."
    )
    assert where(text) == "Greenville, SC"
    # with no state beside a name, the state the text names still settles it
    assert where("A fake ICE agent stopped drivers in Greenville, North Carolina police said.") == (
        "Greenville, NC"
    )


def test_feed_region_is_the_last_resort() -> None:
    assert where("Thieves stole an officer's vest overnight.", "Oakland, CA") == "Oakland, CA"
    assert where("Thieves stole an officer's vest overnight.") is None


def test_places_outside_the_us() -> None:
    assert where("Police equipment was stolen in Swindon, England.") == "Swindon, England"
    assert where("Roban uniformes de policías en Tijuana.") == "Tijuana, Baja California"
    assert where("A badge was stolen in Cambridge, Ont.") == "Cambridge, ON"


# --- wordings first seen in holdout10, each rule checked with fresh sentences ---------------


def test_a_first_name_bill_is_no_legislation() -> None:
    d = run(
        "Rifle taken from unmarked police car outside apartment",
        "Someone smashed a window of an unmarked police car and took the officer's patrol rifle, "
        "Lt. Bill Ortega said.",
    )
    assert d is not None and d.kind == "stolen_gear"
    assert (
        run(
            "Senate passes bill on fake immigration agents",
            "The state Senate passed a bill that raises penalties for posing as an ICE agent.",
        )
        is None
    )


def test_stealing_counts_as_theft_when_the_gear_was_later_found() -> None:
    d = run(
        "Man accused of stealing sheriff's patrol truck",
        "Deputies found the patrol truck and the rifle inside it on a farm road Tuesday; the man "
        "accused of stealing the sheriff's truck was arrested.",
    )
    assert d is not None and d.kind == "stolen_gear"


@pytest.mark.parametrize("force", ["IMPD", "LAPD", "PCSO", "CHP"])
def test_a_force_named_by_its_initials_owns_its_gear(force: str) -> None:
    d = run(f"Shotgun and radio taken from unmarked {force} car parked at a gym")
    assert d is not None and d.kind == "stolen_gear"


def test_civilians_named_as_people_or_a_group_wear_the_agency_shirts() -> None:
    d = run(
        "Two charged after visit to warehouse",
        "Police charged two men with impersonating an officer after they and three other people "
        "wearing shirts reading ICE ordered workers to hand over their phones.",
    )
    assert d is not None and d.kind == "impersonation"


def test_agency_clothing_can_carry_the_agency_full_name() -> None:
    d = run(
        "Store robbed by men in federal-looking jackets",
        "Three men wearing Homeland Security Investigations jackets robbed a phone store on Main "
        "Street in Yakima, police said.",
    )
    assert d is not None and d.kind == "impersonation"


def test_a_kind_of_person_who_impersonates_is_no_incident() -> None:
    assert (
        run(
            "What to know about fake agents",
            "Tucson police said Monday that those who pose as ICE officers often target day "
            "laborers.",
        )
        is None
    )


def test_a_tally_of_cases_is_statistics() -> None:
    assert (
        run(
            "Three dozen cases of fake ICE agents reported in the state since January",
            "People posing as ICE agents were reported in three dozen cases since January, "
            "prosecutors said Monday.",
        )
        is None
    )


def test_spanish_fake_uniform_worn_by_an_impostor() -> None:
    d = run(
        "Detienen a hombre en Nogales",
        "Un hombre que vestía un uniforme falso de la Patrulla Fronteriza detenía autos en la "
        "carretera, informó la policía de Nogales.",
    )
    assert d is not None and d.kind == "impersonation"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Recuperan el carro robado a un agente de la DEA", "El carro apareció en Laredo."),
        ("Pickup stolen from an off-duty deputy found in Ocala", "It had a rifle inside."),
    ],
)
def test_a_vehicle_taken_from_an_agent_is_gear(title: str, summary: str) -> None:
    d = run(title, summary)
    assert d is not None and d.kind == "stolen_gear" and "vehicle" in d.items


def test_a_car_taken_from_a_police_lot_is_not_police_gear() -> None:
    assert run("Car stolen from a police impound lot in Dayton", "Officers are looking.") is None


def test_a_neighbourhood_and_its_borough() -> None:
    assert where("A man posed as an ICE agent in Astoria, Queens, police said.") == "New York, NY"


def test_a_vehicle_the_agency_owns_by_name() -> None:
    d = run("Ladrones se llevan la camioneta del FBI que estaba frente a un hotel en Laredo")
    assert d is not None and d.kind == "stolen_gear" and "vehicle" in d.items


# --- wordings first seen in holdout11 ------------------------------------------------------


def test_a_spanish_denial_of_a_viral_post_is_debunked() -> None:
    assert (
        run(
            "Alcaldía de Salem desmiente publicación viral",
            "El video muestra a hombres que dijeron ser agentes de ICE en Salem, pero eran "
            "inspectores de la ciudad, informó la alcaldía el lunes.",
        )
        is None
    )


def test_seized_fake_badges_with_a_crime_told_elsewhere_are_no_impersonation() -> None:
    assert (
        run(
            "Customs officers seize 40 counterfeit FBI badges in packages from overseas",
            "The shipment was stopped at the airport Monday. Agents said criminals often use "
            "such badges to rob people.",
        )
        is None
    )
    d = run(
        "Police seize fake badge after robbery",
        "A man used a counterfeit FBI badge to rob a store clerk on Monday; police seized the "
        "badge when they arrested him.",
    )
    assert d is not None and d.kind == "impersonation"


def test_the_town_after_a_part_of_it_in_spanish() -> None:
    assert where("Roban una patrulla de la policía en el Centro de Tampico.") == (
        "Tampico, Tamaulipas"
    )


# --- look-alikes written against the rules above ---------------------------------------------


def test_a_hyphenated_saint_is_one_name() -> None:
    assert where("Minneapolis-St. Paul Police said a man posed as an ICE agent.") == (
        "Saint Paul, MN"
    )


def test_a_city_before_another_citys_police_is_the_scene() -> None:
    text = "A man posed as an ICE agent in Phoenix, Tucson police said."
    assert where(text) == "Phoenix, AZ"


def test_a_suspects_home_state_does_not_move_the_scene() -> None:
    text = (
        "Springfield police in Illinois said a Dayton, Ohio, man posed as an ICE agent at a "
        "Springfield store."
    )
    assert where(text) == "Springfield, IL"


def test_a_barrio_is_not_the_town_it_is_named_after() -> None:
    guess = where("Un hombre que se hizo pasar por agente fue arrestado en el Barrio de Santiago.")
    assert guess != "Santiago, Santiago Metropolitan"
    assert guess is None or not guess.startswith("Santiago")


def test_a_vehicle_taken_from_an_agent_of_another_trade_is_no_gear() -> None:
    assert run("An SUV was stolen from a real estate agent in Fresno, police said.") is None
    assert run("Pickup stolen from a loan officer outside a Reno bank, police said.") is None


def test_fake_badges_used_later_in_the_report_are_impersonation() -> None:
    d = run(
        "Counterfeit DEA badges seized",
        "Customs officers seized counterfeit DEA badges at the airport. Investigators said the "
        "same men later flashed counterfeit DEA badges and robbed two drivers in Houston.",
    )
    assert d is not None and d.kind == "impersonation"


def test_agents_detaining_a_group_wear_their_own_jackets() -> None:
    assert (
        run(
            "Agents detain students near campus",
            "Immigration agents detained a group of students near campus Monday, wearing "
            "jackets reading ICE, and took them to a van, witnesses said.",
        )
        is None
    )


# --- wordings first seen in holdout12 ------------------------------------------------------


def test_a_departments_own_policy_is_no_politics() -> None:
    d = run(
        "Rifle taken from unmarked police car at apartment complex",
        "Detectives are looking for whoever broke a window of an unmarked police car and took "
        "the officer's rifle; the officer followed department policy, a sergeant said.",
    )
    assert d is not None and d.kind == "stolen_gear"


def test_a_search_for_someone_is_a_specific_event() -> None:
    d = run("Deputies are looking for a man who posed as an ICE agent and stopped two drivers")
    assert d is not None and d.kind == "impersonation"


def test_a_certified_officer_after_all_is_debunked() -> None:
    assert (
        run(
            "Man in traffic-stop video was a federal officer, sheriff says",
            "Deputies who had asked for help finding a man who posed as a federal agent at a "
            "traffic stop said Tuesday he is a certified officer with a federal agency.",
        )
        is None
    )


def test_a_family_car_is_not_police_gear() -> None:
    assert run("Sheriff's family SUV stolen from driveway in Yakima, deputies say") is None
    d = run("Sheriff's patrol SUV stolen from driveway in Yakima, deputies say")
    assert d is not None and d.kind == "stolen_gear"


def test_badges_found_in_parcels_are_a_seizure() -> None:
    assert (
        run(
            "Counterfeit FBI badges found in parcels",
            "CBP officers opened parcels from overseas and found 30 counterfeit FBI badges "
            "addressed to buyers in Ohio, the agency said Monday.",
        )
        is None
    )


def test_clothing_of_mexicos_immigration_institute() -> None:
    d = run(
        "Detienen en Tapachula a hombres que cobraban a migrantes",
        "Dos hombres vestidos con ropa del Instituto Nacional de Migración cobraban a migrantes "
        "en un retén; el INM dijo que nunca han trabajado para el instituto.",
    )
    assert d is not None and d.kind == "impersonation"


def test_where_stolen_gear_turned_up_is_not_the_scene() -> None:
    text = "Kent police cruiser stolen from a city lot was found in Renton, police said."
    assert where(text) == "Kent, WA"


# --- wordings first seen in holdout13 ------------------------------------------------------


def test_vests_naming_police_and_an_agency_on_impostors() -> None:
    d = run(
        "Two men charged in Modesto",
        "Two men were charged with impersonating officers on Tuesday after witnesses said "
        "they had worn vests reading 'Police' and 'ICE' and demanded papers from shop owners "
        "in Modesto.",
    )
    assert d is not None and d.kind == "impersonation"


def test_introducing_oneself_around_town_as_an_agent() -> None:
    d = run(
        "Deputies arrest man in Dalton",
        "For weeks a man introduced himself around Dalton as an FBI agent and demanded cash "
        "from renters, deputies said.",
    )
    assert d is not None and d.kind == "impersonation"


def test_a_man_who_was_no_federal_agent() -> None:
    d = run("Man who searched homes in Clovis was no federal agent, police say")
    assert d is not None and d.kind == "impersonation"


def test_a_hospital_names_the_scene() -> None:
    text = "A man posing as an ICE agent stopped patients outside a Fresno hospital on Monday."
    assert where(text) == "Fresno, CA"


# --- wordings first seen in holdout14 ------------------------------------------------------


def test_vests_labelled_with_an_agency_on_men_acting_as_officers() -> None:
    d = run(
        "Driver robbed near Dover",
        "Two men pulled a driver over on Route 13 as though they were officers, wearing vests "
        "labeled FBI, and took his wallet, troopers said.",
    )
    assert d is not None and d.kind == "impersonation"


def test_a_spanish_patrol_car_that_was_stolen_from_the_police() -> None:
    d = run(
        "Hallan en Tepeaca la patrulla que le robaron a la policía de Acatzingo",
        "La unidad fue localizada el martes, dijeron las autoridades.",
    )
    assert d is not None and d.kind == "stolen_gear"


def test_unconfirmed_details_do_not_undo_a_theft_told_as_fact() -> None:
    d = run(
        "Equipment stolen from DEA vehicle in Reno",
        "Thieves stole equipment from a Drug Enforcement Administration vehicle parked downtown "
        "on Sunday, police said. Unconfirmed reports say a rifle was among it.",
    )
    assert d is not None and d.kind == "stolen_gear"


def test_an_unconfirmed_impostor_sighting_is_still_no_incident() -> None:
    assert (
        run(
            "Posts about fake ICE agents in Salem unconfirmed",
            "Police said Monday that reports of men posing as ICE agents near schools are "
            "unconfirmed.",
        )
        is None
    )


def test_agency_jackets_and_a_cash_demand_told_by_advocates() -> None:
    d = run(
        "Men in ICE vests told Corona day laborer to pay $300",
        "Three men in vests marked ICE surrounded a day laborer outside a hardware store in "
        "Corona and told him he would be deported unless he paid $300, advocates said. It is "
        "one of several cases this year.",
    )
    assert d is not None and d.kind == "impersonation"


def test_a_spanish_state_named_as_a_home_supports_a_small_town() -> None:
    text = (
        "Arrestan a hombre de Carolina del Sur. Fue detenido en Folly Beach, cerca de "
        "Charleston, por hacerse pasar por agente de ICE."
    )
    assert where(text) == "Folly Beach, SC"


def test_where_a_rifle_was_found_abandoned_later_is_not_the_scene() -> None:
    text = (
        "A patrol rifle stolen from a trooper's cruiser in Bennington was found abandoned "
        "beside a trail off Route 9 in Wilmington, Vermont State Police said."
    )
    assert where(text) == "Bennington, VT"


def test_a_town_before_a_theft_in_a_headline_names_the_scene() -> None:
    text = (
        "Man held after Barre cruiser theft. Vermont State Police arrested him in Montpelier "
        "on Friday, a day after the theft."
    )
    assert where(text) == "Barre, VT"


def test_a_spanish_street_of_a_town_names_the_scene() -> None:
    text = (
        "Detienen a falso agente de ICE en Carolina del Sur. Un video lo muestra en una calle "
        "de Folly Beach pidiendo papeles a trabajadores."
    )
    assert where(text) == "Folly Beach, SC"


def test_a_place_where_gear_turned_up_leaves_later_places_as_they_are() -> None:
    text = (
        "A sheriff's SUV stolen Monday turned up in Renton on Tuesday. It had been taken "
        "from a deputy's driveway in Kent, deputies said."
    )
    assert where(text) == "Kent, WA"


# --- wordings first seen in holdout15 ------------------------------------------------------


def test_patrol_cars_broken_into_at_officers_homes() -> None:
    d = run(
        "Deputies' cars hit overnight in Gaston County",
        "Two patrol cars have been broken into at deputies' homes, and a rifle and a vest "
        "were taken from one of them, the sheriff's office said Tuesday.",
    )
    assert d is not None and d.kind == "stolen_gear"


def test_officers_stripped_of_their_rifles_and_trucks() -> None:
    d = run(
        "Armed men strip Zacatecas municipal officers of rifles and two pickups",
        "The attackers then drove off in the officers' patrol pickups, state officials said "
        "on Monday.",
    )
    assert d is not None and d.kind == "stolen_gear"
    assert "vehicle" in d.items


def test_a_police_arsenal_taken_in_spanish() -> None:
    d = run(
        "Asaltan comandancia y se roban el arsenal de la policía de Tlacotalpan",
        "Los agresores sometieron a los agentes de guardia la madrugada del domingo.",
    )
    assert d is not None and d.kind == "stolen_gear"


def test_a_man_in_agency_jacket_who_works_for_neither_agency() -> None:
    d = run(
        "Man in 'ICE' vest films parents at Modesto school",
        "Police said Thursday that a man wearing a vest marked ICE filmed parents at pickup; "
        "detectives learned he works for neither ICE nor any police agency.",
    )
    assert d is not None and d.kind == "impersonation"


def test_an_impostor_alert_withdrawn_for_a_certified_federal_officer() -> None:
    assert (
        run(
            "Deputies withdraw alert about man posing as federal agent",
            "Deputies said Friday the driver who stopped a motorist near Canton is a sworn "
            "federal law enforcement officer with the Department of Agriculture.",
        )
        is None
    )


def test_a_headline_resident_names_a_place() -> None:
    assert where("Oceanside man says men posing as ICE agents took his truck") == ("Oceanside, CA")


def test_a_mexican_state_across_the_border_rules_out_no_us_town() -> None:
    text = (
        "A man posing as an ICE agent robbed workers in Laredo; Laredo police said he fled to "
        "Nuevo Laredo, Tamaulipas."
    )
    assert where(text) == "Laredo, TX"


def test_a_us_stations_dateline_names_a_us_town() -> None:
    text = "SANTA ROSA (KGO) — A man posing as an ICE agent stopped a worker downtown."
    assert where(text) == "Santa Rosa, CA"


def test_a_town_whose_name_ends_in_a_street_word() -> None:
    text = "A State Patrol cruiser was stolen in Federal Way early Monday, troopers said."
    assert where(text) == "Federal Way, WA"


def test_a_name_the_dateline_qualifies_means_the_same_town_elsewhere() -> None:
    d = run(
        "Man in ICE vest scares shoppers at San Rafael market",
        "SAN RAFAEL (KTVU) — Police are looking for a man who wore a vest marked ICE and "
        "demanded papers from shoppers at a market in San Rafael.",
    )
    assert d is not None and d.place is not None and d.place.label == "San Rafael, CA"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Roban patrulla en Mezquitic, Jalisco, la madrugada del martes.", "Mezquitic, Jalisco"),
        ("A police cruiser was stolen in Sackville, N.B., on Friday.", "Sackville, NB"),
    ],
)
def test_small_towns_of_mexico_and_canada_with_their_state(text: str, label: str) -> None:
    assert where(text) == label


def test_a_spanish_police_account_tells_a_specific_event() -> None:
    d = run(
        "Hombres con chalecos de la Patrulla Fronteriza asaltaron a migrantes",
        "Les quitaron dinero y teléfonos, informó la policía.",
    )
    assert d is not None and d.kind == "impersonation"


# --- wordings first seen in holdout16 ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Tulsa police search for SUV stolen from church lot",
            "The owner's Chevrolet Tahoe was taken Sunday morning, officers said.",
        ),
        (
            "Deputies warn hunters after rifles stolen from trucks at motels",
            "Several rifles have been taken from pickups parked overnight, the sheriff said.",
        ),
    ],
)
def test_police_looking_for_or_warning_about_stolen_things_do_not_own_them(
    title: str, summary: str
) -> None:
    assert run(title, summary) is None


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Cuffed man steals St. Tammany deputy's cruiser",
            "The man was found two hours later, the sheriff's office said Monday.",
        ),
        (
            "Prisoner arrested after driving off in trooper's patrol car",
            "Troopers said Tuesday the man slipped into the trooper's patrol car while handcuffed "
            "and sped off.",
        ),
        (
            "Sergeant's rifle and badge stolen from car at Daytona hotel",
            "A Volusia County sergeant's department rifle and badge were taken overnight, police "
            "said Friday.",
        ),
    ],
)
def test_gear_thefts_worded_in_holdout16s_ways(title: str, summary: str) -> None:
    d = run(title, summary)
    assert d is not None and d.kind == "stolen_gear"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Driver tells trooper he is a 'federal air marshal'",
            "The man was charged Thursday near Macon after showing a souvenir badge, deputies "
            "said.",
        ),
        (
            "Detienen a falsos guardias nacionales en Linares",
            "Los dos hombres vestían uniformes de la Guardia Nacional y enfrentan cargos por "
            "usurpación de funciones, informaron las autoridades.",
        ),
        (
            "Men posing as National Guard soldiers rob shop in Reynosa",
            "The two men took cash from the owner on Monday, police said.",
        ),
    ],
)
def test_impostors_worded_in_holdout16s_ways(title: str, summary: str) -> None:
    d = run(title, summary)
    assert d is not None and d.kind == "impersonation"


def test_the_side_of_a_city_names_the_scene() -> None:
    text = (
        "Thieves broke into a Greenwood police car parked on the south side of Indianapolis, "
        "Greenwood police said. The Greenwood police chief said the rifle is still missing."
    )
    assert where(text) == "Indianapolis, IN"


def test_a_car_that_turned_up_outside_a_home_leaves_the_scene_where_it_was_taken() -> None:
    text = (
        "A marked Kent police SUV was driven out of a city lot Sunday, police said. It turned "
        "up outside a Renton home on Monday and was towed back."
    )
    assert where(text) == "Kent, WA"


def test_where_a_suspect_was_caught_is_not_the_scene_of_the_theft() -> None:
    text = (
        "Man who fled in deputy's SUV caught in Baton Rouge. The man slipped into a Louisiana "
        "deputy's SUV while handcuffed in Gonzales and sped off; he was found in the Baton "
        "Rouge area hours later."
    )
    assert where(text) == "Gonzales, LA"


# --- wordings first seen in holdout17 ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Man demanded papers at Hamtramck market as if he were an ICE agent",
            "Police are looking for the man, who questioned shoppers on Monday.",
        ),
        (
            "Man acting like ICE questions workers at Elgin car wash",
            "He demanded their papers and left before officers arrived, police said Friday.",
        ),
        (
            "Deputies: man falsely claiming to be a U.S. Border Patrol agent stopped drivers",
            "The man was arrested Tuesday near Racine, the sheriff said.",
        ),
    ],
)
def test_impostors_worded_in_holdout17s_ways(title: str, summary: str) -> None:
    d = run(title, summary)
    assert d is not None and d.kind == "impersonation"


def test_county_supervisors_debating_fake_agency_gear_is_policy() -> None:
    assert (
        run(
            "Orange County supervisors target sellers of fake ICE vests",
            "The supervisors on Tuesday backed letters to online shops selling counterfeit "
            "agency vests that let people pass as federal agents.",
        )
        is None
    )


def test_something_being_in_order_is_no_purchase() -> None:
    d = run(
        "Vest and radio taken from Douglas County deputy's pickup",
        "Someone took a vest and a radio from a Douglas County sheriff's pickup in Omaha on "
        "Tuesday, the sheriff said, adding that some retraining may be in order.",
    )
    assert d is not None and d.kind == "stolen_gear"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("A Dayton, Ohio, man was arrested in Phoenix for posing as an ICE agent.", "Phoenix, AZ"),
        (
            "Detienen en Tijuana a un hombre originario de Kansas City, Missouri, que decía ser "
            "agente del FBI.",
            "Tijuana, Baja California",
        ),
        (
            "A man was shot after someone kicked in a door in the 12000 block of Robson on "
            "Detroit's west side and shouted 'DEA'.",
            "Detroit, MI",
        ),
    ],
)
def test_homes_streets_and_sides_of_a_city(text: str, label: str) -> None:
    assert where(text) == label


def test_a_compass_word_alone_is_no_town() -> None:
    assert where("A Southwest Miami-Dade man is accused of posing as an FBI agent.") != (
        "Southwest, PA"
    )


# --- wordings first seen in holdout18 ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Guest at Clearwater hotel: 'I'm a federal agent and can have you arrested'",
            "The man was charged Friday after showing a badge to a clerk, police said.",
        ),
    ],
)
def test_impostors_worded_in_holdout18s_ways(title: str, summary: str) -> None:
    d = run(title, summary)
    assert d is not None and d.kind == "impersonation"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Thieves break into DEA agent's car in Fresno",
            "Someone broke into a car belonging to a DEA agent on Monday; the agency would not "
            "say what was taken, police said.",
        ),
        (
            "Law enforcement SUV stolen with duty weapon inside in Gary",
            "The SUV was taken early Sunday, police said.",
        ),
        (
            "Thief swipes officer's badge and jacket at Tulsa courthouse",
            "Police said Wednesday they are looking for the man.",
        ),
    ],
)
def test_gear_thefts_worded_in_holdout18s_ways(title: str, summary: str) -> None:
    d = run(title, summary)
    assert d is not None and d.kind == "stolen_gear"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Oregon bars masked officers, citing fears of fake ICE agents",
            "The governor signed the bill Monday; supporters said it will help people tell real "
            "agents from impostors.",
        ),
        (
            "Pickup stolen from driveway while it warmed up",
            "A man told Joplin police his pickup was taken from his driveway Tuesday morning.",
        ),
    ],
)
def test_look_alikes_worded_in_holdout18s_ways(title: str, summary: str) -> None:
    assert run(title, summary) is None


# --- wordings first seen in holdout19 ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "DEA agent carjacked at gunpoint in Southeast Washington",
            "The agent's sedan, with a vest and radio inside, was found hours later, police "
            "said Tuesday.",
        ),
        (
            "Crowd breaks into immigration agency vehicles in Portland",
            "Video shows people breaking into Immigration and Customs Enforcement vehicles on "
            "Friday and walking off with what appears to be a rifle case, police said.",
        ),
    ],
)
def test_gear_thefts_worded_in_holdout19s_ways(title: str, summary: str) -> None:
    d = run(title, summary)
    assert d is not None and d.kind == "stolen_gear"


def test_a_fake_fed_is_an_impostor() -> None:
    d = run(
        "Fake fed wrote tickets to drivers around Modesto, prosecutors say",
        "The man flashed a badge at motorists he stopped; he was charged Monday.",
    )
    assert d is not None and d.kind == "impersonation"


def test_a_campus_police_force_is_no_town() -> None:
    text = (
        "PHILADELPHIA — Temple University police detained a student who wore a shirt reading "
        "ICE and claimed to be a federal officer."
    )
    assert where(text) == "Philadelphia, PA"


def test_a_city_quadrant_names_the_city() -> None:
    text = "An FBI agent was carjacked Wednesday in Northeast Washington, police said."
    assert where(text) == "Washington, DC"


# --- wordings first seen in holdout20 ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "A rifle and vest were stolen from a Sacramento officer's car, police said.",
            ("Sacramento, CA"),
        ),
        ("A 52-year-old Tucson man is accused of posing as an ICE agent.", "Tucson, AZ"),
    ],
)
def test_an_officers_force_and_a_residents_age(text: str, label: str) -> None:
    assert where(text) == label


def test_insisting_to_officers_that_one_is_an_agent() -> None:
    d = run(
        "Man arrested at Tempe bus stop",
        "The man insisted to Tempe officers that he was an undercover immigration agent, "
        "police said Sunday.",
    )
    assert d is not None and d.kind == "impersonation"


# --- look-alikes of this round's wordings -------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Federal workers line up at Baltimore food bank",
            '"I am a federal employee and I have not been paid since October," said a woman who '
            "was arrested last year at a protest.",
        ),
        (
            "Texas National Guard troops arrive in Chicago suburb",
            "Officials said they were National Guard soldiers from Texas, police said Tuesday.",
        ),
        (
            "Officer stripped of badge",
            "The officer was stripped of his badge and gun after his arrest Tuesday, police said.",
        ),
        (
            "Vandals hit immigration nonprofit",
            "Vandals broke into the offices of an immigration nonprofit overnight and stole two "
            "laptops, police said.",
        ),
        (
            "Off-duty officer carjacked at gas station",
            "An off-duty officer was carjacked Monday; his personal car was recovered hours "
            "later, police said.",
        ),
        (
            "Denver store pulls 'fake ICE agent' Halloween costume",
            "Shoppers paid $45 for the costume, which came with a vest reading ICE, police said.",
        ),
        (
            "Inmate escapes",
            "The inmate escaped in a van, hitting a deputy's vehicle, deputies said Monday.",
        ),
        (
            "Protest in Austin",
            "Protesters said they felt as if they were ICE targets, organizers said Monday.",
        ),
        (
            "Woman posed as police officer",
            "A woman posed as a police officer to get into an apartment, police said. Federal "
            "prosecutors have not filed charges.",
        ),
    ],
)
def test_look_alikes_of_this_rounds_wordings(title: str, summary: str) -> None:
    assert run(title, summary) is None


def test_telling_deputies_one_is_an_agent_in_a_headline_alone() -> None:
    d = run("Man tells deputies he is an ICE agent at Tampa traffic stop")
    assert d is not None and d.kind == "impersonation"


@pytest.mark.parametrize(
    ("title", "summary", "label"),
    [
        (
            "Workers robbed",
            "CINCINNATI (WCPO) — A man posing as an ICE agent robbed workers at a Columbus, "
            "Ohio, construction site, police said.",
            "Columbus, OH",
        ),
        (
            "Fake agent arrested",
            "OKLAHOMA CITY (AP) — A man was arrested in Tulsa on Monday for impersonating an ICE "
            "agent, police said.",
            "Tulsa, OK",
        ),
        (
            "Fake agent",
            "SAN ANTONIO (KSAT) — A man posed as an ICE agent near Austin on Monday, deputies "
            "said.",
            "Austin, TX",
        ),
        (
            "Fake agent robbed workers",
            "Investigators found a man posing as an ICE agent had robbed workers in Fresno. "
            "Sacramento police assisted.",
            "Fresno, CA",
        ),
    ],
)
def test_places_that_this_rounds_weights_must_not_move(
    title: str, summary: str, label: str
) -> None:
    d = run(title, summary)
    assert d is not None and d.place is not None and d.place.label == label


def test_telling_a_deputy_hes_an_agent() -> None:
    d = run("Speeder tells Harris County deputy he's a federal air marshal, ends up charged")
    assert d is not None and d.kind == "impersonation"


# --- wordings first seen in holdout21 ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # a law signed, in Spanish: policy, not an incident
        (
            "Gobernador de Nevada firmó la ley contra quienes se hacen pasar por agentes",
            "La norma castiga con cárcel a quienes se hacen pasar por agentes de ICE; "
            "entrará en vigor en enero.",
        ),
        # what tenants believed the visitors were; the agency says its officers came
        (
            "Tenants thought the visitors were fake ICE agents",
            "The agency says its officers made the arrest in Mesa on Tuesday.",
        ),
        # a consulate's reminder: no one was approached
        (
            "Consulate: real agents never ask for money by phone",
            "The Guatemalan Consulate in Houston is reminding families that people claiming "
            "to be ICE agents who ask for money are scammers, and urged anyone who gets such "
            "a call to hang up.",
        ),
        # the "agents" were other workers
        (
            "Calls about men posing as immigration agents in Lodi",
            "The men turned out to be water utility workers reading meters, police said.",
        ),
        # a real officer who said he was one
        (
            "Man who told a doorman he was a federal agent is one, agency says",
            "The Tucson man was arrested after a scuffle outside a bar, where he told a doorman "
            "he was a federal agent. CBP confirmed he is an active-duty officer.",
        ),
    ],
)
def test_holdout21_look_alikes(title: str, summary: str) -> None:
    assert run(title, summary) is None


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # a fake "migra", quoted, without its article
        (
            "Taqueros de Pomona denuncian a un falso 'migra'",
            "Dicen que el hombre les exigía dinero cada semana.",
        ),
        # agency lettering shown, and an arrest told in the passive
        (
            "Concertgoer arrested after flashing badge",
            "A 30-year-old man was arrested at the Fox Theatre in Oakland after he showed "
            "security guards a badge reading 'HSI Special Agent' to get backstage.",
        ),
        # an advisory that tells what happened to someone
        (
            "Attorney general warns of fake agents in Yonkers",
            "Men in ICE jackets cornered a vendor in Yonkers and took his cash; the office is "
            "reminding residents that real agents never ask for money.",
        ),
    ],
)
def test_holdout21_impersonations(title: str, summary: str) -> None:
    det = run(title, summary)
    assert det is not None and det.kind == "impersonation"


def test_a_spanish_cash_demand_in_dollars_is_a_tactic() -> None:
    det = run("Falso agente de ICE en Salinas", "Les exigía 80 dólares para no deportarlos.")
    assert det is not None and "demanded_money" in det.tactics


def test_where_a_spanish_patrol_car_turned_up_is_not_the_scene() -> None:
    text = "Roban patrulla de la Policía de Tucson; apareció estrellada en Marana horas después."
    assert where(text) == "Tucson, AZ"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # advice whose only "event" words speak of incidents in general
        (
            "What to do if a man at the door says he is with immigration",
            "Legal aid groups say anyone visited by someone claiming to be an ICE agent may ask "
            "to see a judge's warrant. Impostors have been reported in several counties.",
        ),
        (
            "Parroquia de Yakima enseña cómo reconocer a un falso agente de ICE",
            "La parroquia pidió a los feligreses no abrir la puerta y denunciar cualquier caso, "
            "tras varias denuncias en el valle.",
        ),
        # a law against posing as agents, prompted by complaints in general
        (
            "Nevada endurece castigos a quien finja ser agente federal",
            "El gobernador firmó una ley que castiga hacerse pasar por agente de ICE, después de "
            "múltiples denuncias de estafas en Las Vegas.",
        ),
        # a gun grabbed in a struggle, not taken
        (
            "Man fights with Tulsa officer over gun",
            "During an arrest on Friday, a man grabbed a trooper's holstered pistol while the two "
            "wrestled on the ground, until a second trooper pulled him away, police said.",
        ),
        (
            "Suspect grabs deputy's gun in courthouse scuffle",
            "A suspect grabbed a deputy's handgun and then tried to pull it from him in a "
            "courthouse hallway on Monday; bailiffs subdued him.",
        ),
    ],
)
def test_holdout22_look_alikes(title: str, summary: str) -> None:
    assert run(title, summary) is None


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # Spanish present tense in a headline; a service pistol is an agent's
        ("Hurtan pistola de reglamento a un agente en Caguas", ""),
        (
            "Robo en un gimnasio de Ponce",
            "Un agente de la Policía Municipal de Ponce denunció que le hurtaron su pistola de "
            "reglamento del auto mientras entrenaba.",
        ),
        # a smashed window found the next morning is no lost-and-found
        (
            "Radios taken from FBI car in Tacoma",
            "Two radios were taken from an FBI car parked overnight in Tacoma; the agent found "
            "a shattered window in the morning.",
        ),
    ],
)
def test_holdout22_gear_thefts(title: str, summary: str) -> None:
    det = run(title, summary)
    assert det is not None and det.kind == "stolen_gear"


def test_a_named_neighbourhood_is_no_town_elsewhere() -> None:
    text = (
        "A man posing as an ICE agent robbed a family in the Lyon Park neighborhood on "
        "Sunday, Arlington police said."
    )
    assert where(text, "Arlington, VA") == "Arlington, VA"


def test_a_resident_with_an_age_names_a_home() -> None:
    text = (
        "Macon police arrested a 41-year-old Dothan, Alabama, man who showed an FBI badge "
        "at a Macon pawn shop."
    )
    assert where(text, "Macon, GA") == "Macon, GA"


def test_a_district_of_the_city_the_report_names() -> None:
    text = (
        "Fake ICE agent robs Bridgeport grocery. A man in a vest marked 'ICE' robbed a "
        "grocery in Bridgeport on Tuesday, Chicago police said."
    )
    assert where(text) == "Chicago, IL"


def test_a_longer_name_unknown_here_is_not_a_small_town_it_begins_with() -> None:
    """Cypress (pop. 49,290) is a town of the same state, but "Cypress Park" is a
    neighbourhood of Los Angeles the gazetteer lacks."""
    text = (
        "A man wearing a vest marked ICE stopped two day laborers in Cypress Park on Friday "
        "and demanded their papers, police said."
    )
    assert where(text, "Los Angeles, CA") == "Los Angeles, CA"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Security company's patrol truck stolen from Mesa lot",
            "A pickup with a light bar and 'Patrol' decals, owned by a security firm, was "
            "taken overnight from a lot in Mesa, police said.",
        ),
        (
            "La oficina del alguacil alerta a los comercios sobre ladrones que se hacen pasar "
            "por agentes de ICE",
            "Un aviso enviado a negocios de la zona advierte de un aumento de asaltos y "
            "extorsiones cometidos por individuos que se presentan como agentes de inmigración "
            "con chalecos o placas falsas. El alguacil pide que los dueños verifiquen llamando "
            "a la policía.",
        ),
        (
            "Fiscalía advierte de extorsionadores que se hacen pasar por agentes de inmigración",
            "Ha crecido el número de llamadas de personas que dicen ser agentes de "
            "ICE y exigen pagos para no deportar a familiares.",
        ),
        (
            "FBI issues bulletin on criminals posing as immigration agents",
            "Criminals posing as ICE officers have robbed and kidnapped people, the FBI said in "
            "a bulletin it issued to police departments.",
        ),
    ],
)
def test_holdout23_look_alikes(title: str, summary: str) -> None:
    """A firm's "patrol" truck, and warnings of impostors in general, even where a feed's
    region would place them."""
    assert run(title, summary, region="Houston, TX") is None


def test_security_guards_in_a_report_leave_an_agents_break_in_one() -> None:
    """Guards who found the damage say nothing of whose car it was."""
    det = run(
        "DEA agent's SUV broken into in casino garage",
        "RENO, Nev. — Someone broke into a DEA agent's SUV in a casino parking garage "
        "overnight, police said. Casino security guards noticed the shattered window; the "
        "agency would not say what was taken.",
    )
    assert det is not None and det.kind == "stolen_gear"


# News searches deliver most items as a headline alone (Google News): the event must be read
# from a headline's shorthand, without articles and often without a place.
@pytest.mark.parametrize(
    ("headline", "kind", "place"),
    [
        ("Impostors posing as ICE agents rob Modesto taco vendor", "impersonation", "Modesto, CA"),
        ("Pomona family says callers posing as ICE demanded $900", "impersonation", "Pomona, CA"),
        ("Police: man posing as Border Patrol agent pulled over drivers", "impersonation", None),
        ("Men in ICE vests shake down grocery owner for cash", "impersonation", None),
        (
            "Elgin workers robbed by men who claimed to be federal agents",
            "impersonation",
            "Elgin, IL",
        ),
        (
            "Detienen en Salinas a hombre que se hacía pasar por agente de ICE",
            "impersonation",
            "Salinas, CA",
        ),
    ],
)
def test_a_headline_alone_tells_an_incident(headline: str, kind: str, place: str | None) -> None:
    det = run(headline)
    assert det is not None and det.kind == kind
    assert (det.place.label if det.place else None) == place


@pytest.mark.parametrize(
    "headline",
    [
        "Fake ICE agents rob immigrants, advocates warn",
        "Supporters cited reports of fake ICE agents as the impersonation bill advanced",
        "Cómo reconocer a un falso agente de ICE: las señales de alerta",
        "Police department buys new ballistic vests and badges for officers",
    ],
)
def test_a_headline_about_impostors_in_general_is_no_incident(headline: str) -> None:
    assert run(headline) is None


@pytest.mark.parametrize(
    "headline",
    [
        "Thieves grab deputy's rifle and vest from cruiser in Lodi driveway",
        "Gunmen strip Sinaloa police officers of rifles and radios",
        "Secret Service laptop and radio taken from car outside Miami hotel",
        "Sergeant's pistol and badge taken while he ate lunch in Tulare",
        "Man accused of fleeing in trooper's patrol SUV after crash",
        "AR-15 taken from police unit during traffic stop",
    ],
)
def test_a_headline_alone_tells_a_theft_of_gear(headline: str) -> None:
    det = run(headline)
    assert det is not None and det.kind == "stolen_gear"


@pytest.mark.parametrize(
    "headline",
    [
        "Inmate grabs deputy's gun in jail scuffle",
        "Sergeant drives off with rifle on cruiser roof; it turns up on the highway",
        "Chief stripped of badge and gun after DUI arrest",
    ],
)
def test_a_headline_of_gear_grabbed_or_left_is_no_theft(headline: str) -> None:
    assert run(headline) is None


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        ("Man in FBI windbreaker flashed badge to enter Tempe apartment, police say",
         "impersonation"),
        ("Woman wearing ICE vest questioned day laborers at hardware store, deputies say",
         "impersonation"),
        ("Jacket with ICE lettering taken from deputy's car in Visalia, police say", "stolen_gear"),
        ("Men in FBI jackets outside Decatur home were part of TV shoot, police say", None),
    ],
)  # fmt: skip
def test_agency_clothing_in_a_headline_told_as_an_event(headline: str, kind: str | None) -> None:
    det = run(headline)
    assert (det.kind if det else None) == kind


@pytest.mark.parametrize(
    "headline",
    [
        "Hombres que dijeron ser de la Patrulla Fronteriza asaltan a pareja en Mesa",
        "Estafadores que dicen ser de inmigración despojan a vendedora en Phoenix",
        "Capturan a sujeto disfrazado de agente de ICE que extorsionaba a jornaleros",
    ],
)
def test_spanish_headlines_of_people_saying_they_were_immigration(headline: str) -> None:
    det = run(headline)
    assert det is not None and det.kind == "impersonation"


@pytest.mark.parametrize(
    ("title", "summary", "kind"),
    [
        ("Buró Federal de Investigaciones alerta sobre estafadores que se hacen pasar por agentes "
         "de inmigración", "", None),
        ("Tustin police: gunman at crosswalk was likely an ICE officer rather than an impostor",
         "", None),
        ("Starting March 1, deputies must lock rifles away after guns were stolen from cruisers",
         "A new state law requires officers to lock weapons in their patrol cars.", None),
        ("Real officer or fake? What to look for when someone says they're with ICE", "", None),
        ("62 state police guns stolen since 2015, records show", "", None),
        ("'Police impostor' who stopped driver was off-duty federal agent, sheriff says", "",
         None),
        ("Deputies seek SUV with phony 'ICE' decals that followed shoppers", "", "impersonation"),
        ("Woman accused of 'detaining' day laborers in Pasco as an ICE agent",
         "Court records say she wore a vest and told the men to get on the ground.",
         "impersonation"),
        ("Hombre con chaleco de ICE fotografía a fieles en iglesia de Pomona, según testigos", "",
         "impersonation"),
        ("Corpus Christi: fianza de $250,000 para mujer acusada de hacerse pasar por agente de "
         "ICE", "", "impersonation"),
        ("Men claiming to be Border Patrol bind gas station clerk, take cash", "",
         "impersonation"),
    ],
)  # fmt: skip
def test_holdout24_wordings(title: str, summary: str, kind: str | None) -> None:
    det = run(title, summary)
    assert (det.kind if det else None) == kind


def test_a_standalone_dateline_city_places_the_report_in_its_state() -> None:
    """AP datelines name some cities alone ("CHICAGO —"); the state is still known."""
    text = (
        "CHICAGO — A thief drove off in a DEA agent's SUV with a rifle inside while it idled "
        "at a Shell station early Friday, police said."
    )
    assert where(text) == "Chicago, IL"
    assert where("DENVER — Rifle and vest taken from deputy's car parked in Aurora.") == (
        "Aurora, CO"
    )
    # a national story's dateline may name another city than the scene
    national = (
        "WASHINGTON (AP) — Two men posing as ICE agents robbed a family in Fresno on Monday, "
        "police said."
    )
    assert where(national) == "Fresno, CA"
    assert where("CHICAGO (AP) — A rifle was stolen from an FBI agent's car in Gary.") == (
        "Gary, IN"
    )


@pytest.mark.parametrize(
    ("headline", "place"),
    [
        ("Men claiming to be ICE rob Fresno farmworkers at gunpoint", "Fresno, CA"),
        ("Huntington Park: detienen a hombre que se hacía pasar por agente de ICE",
         "Huntington Park, CA"),
        ("Rifle and radio taken from trooper's car during Harrisburg meeting", "Harrisburg, PA"),
    ],
)  # fmt: skip
def test_a_headline_names_its_town_in_shorthand(headline: str, place: str) -> None:
    det = run(headline)
    assert det is not None and det.place is not None and det.place.label == place


def test_a_name_written_once_with_its_state_is_that_place_throughout() -> None:
    text = (
        "Unmarked police car taken from an officer's home in Brentwood. The car was stolen "
        "outside a house in Brentwood, Essex, police said."
    )
    assert where(text) == "Brentwood, England"


@pytest.mark.parametrize(
    ("headline", "place"),
    [
        ("Impostors Posing as ICE Agents Rob Stockton Farmworkers at Gunpoint", "Stockton, CA"),
        ("Man in FBI Jacket Flashed Badge at Falls Church Polling Place, Police Say",
         "Falls Church, VA"),
        ("Rifle Stolen From Deputy's Car During Harrisburg Meeting", "Harrisburg, PA"),
        ("Men Posing as ICE Agents Rob Workers in St. Louis", "St. Louis, MO"),
        ("Men Posing as ICE Agents Rob Workers in DeKalb", "DeKalb, IL"),
        ("Falsos Agentes De ICE Roban A Familia En Los Ángeles", "Los Angeles, CA"),
    ],
)  # fmt: skip
def test_a_title_case_headline_still_names_its_town(headline: str, place: str) -> None:
    """Many outlets capitalize every word of a headline; capitals then mark no names."""
    det = run(headline)
    assert det is not None and det.place is not None and det.place.label == place


def test_a_theft_told_in_a_court_story_of_years_past_is_history() -> None:
    """A verdict or a lawsuit years after a gun was stolen reports the case: the theft is
    no news to warn of. A gun traced weeks after its theft, or a theft case in court the
    same year, still is."""
    when = datetime(2019, 6, 3, tzinfo=UTC)
    verdict = EntryText(
        "Jury convicts man in 2016 shooting; rifle had been stolen from deputy's cruiser",
        "Jurors found him guilty on Monday. The rifle had been taken from a Kern County "
        "deputy's patrol car weeks before the shooting.",
        published=when,
    )
    assert detect(verdict) is None
    traced = EntryText(
        "Rifle used in shooting was stolen from deputy's cruiser last month, police say",
        published=when,
    )
    bail = EntryText(
        "Judge sets bail for man accused of stealing deputy's rifle from cruiser",
        published=when,
    )
    for entry in (traced, bail):
        det = detect(entry)
        assert det is not None and det.kind == "stolen_gear"


def test_a_headline_with_spaces_around_it_reads_as_without() -> None:
    headline = "Impostors posing as ICE agents rob Stockton farmworkers"
    plain, padded = run(headline), run(f"  {headline} ")
    assert plain is not None and padded is not None
    assert (padded.kind, padded.place, padded.evidence) == (plain.kind, plain.place, plain.evidence)


@pytest.mark.parametrize(
    "summary",
    [
        "A thief took a rifle from an FBI agent's car in the 2000 block of Main Street; a judge "
        "signed a search warrant Tuesday.",
        "Thieves stole a 2016 Ford Explorer police interceptor with a rifle inside; the suspect "
        "will see a judge Friday.",
        "The man, on probation since 2016 for a burglary, took the deputy's gun Monday, a judge "
        "was told at his hearing on Tuesday.",
    ],
)
def test_a_fresh_theft_with_an_old_number_in_court_is_still_news(summary: str) -> None:
    entry = EntryText(
        "Rifle stolen from law enforcement vehicle", summary,
        published=datetime(2019, 6, 3, tzinfo=UTC),
    )  # fmt: skip
    det = detect(entry)
    assert det is not None and det.kind == "stolen_gear"


@pytest.mark.parametrize(
    "headline",
    [
        "Man in ICE shirt confronts protesters at Portland rally, video shows",
        "Man wearing ICE hat attacks protester in Seattle, police say",
        "Teen in FBI shirt arrested for shoplifting at Austin mall",
        "Police: man wearing ICE hat vandalized mosque in Houston",
        "'Terrifying' scene as ICE agents detain father in Chicago, witnesses say",
        "Police: Beware of scammers posing as ICE agents",
        "Mayor pleads with residents to report fake ICE agents",
        "Video shows how to spot fake ICE agents",
        "Don't get caught by scammers posing as immigration agents",
        "Police: Fake ICE agents could target immigrant families",
        "Records show fake ICE agent reports have tripled since 2024",
        "Scammers posing as ICE agents rob immigrant families, advocates warn",
        "Sheriff strips deputy of badge, gun after DUI arrest",
        "Officers strip suspect of weapons after chase",
        "Tornado carried off police cruiser in Joplin",
        "Man grabs deputy's gun, fires at officers",
        "Inmate grabs officer's Taser, shocks him",
        "Police grab guns from homes under red flag law",
        "Sheriff says scammers posing as ICE agents are calling residents",
        "Deputies: callers pretending to be Border Patrol have been texting families",
    ],
)
def test_headline_look_alikes_of_the_headline_rules(headline: str) -> None:
    """Merch worn at a rally, a raid told with feeling, warnings, tallies, discipline, weather
    and a struggle for a weapon share the headline rules' words but report no incident."""
    assert run(headline) is None


@pytest.mark.parametrize(
    "headline",
    [
        "ICE impersonator told victims he was an off-duty ICE officer, police say",
        "Crooks nab deputy's rifle from patrol SUV in Tacoma",
        "ICE impersonator arrested in Charlotte",
        "Robbers posing as immigration officers target Queens businesses",
        "Gunmen strip Jalisco state officers of rifles, body armor and a patrol truck",
        "Rifle, ammunition carried off from ICE vehicles during Minneapolis unrest",
    ],
)
def test_headlines_the_look_alike_rules_keep(headline: str) -> None:
    assert run(headline) is not None


def test_a_place_only_a_headline_shorthand_names_is_doubted() -> None:
    """ "Rob Jackson family" may name a family, not Jackson, Mississippi."""
    det = run("Fake ICE agents rob Jackson family")
    assert det is not None and det.place is not None and det.place_confidence <= 0.6
    told = run("Fake ICE agents rob family in Jackson, Miss.")
    assert told is not None and told.place is not None and told.place_confidence > 0.9


@pytest.mark.parametrize(
    ("title", "summary", "kind"),
    [
        ("Man in 'ICE' shirt charged with assault after pushing a marcher",
         "Police said he is not a federal employee and never claimed to be one.", None),
        ("Neighbor said he is not an ICE agent, just a contractor who works nearby", "", None),
        ("ICE advierte de llamadas de falsos agentes que amenazan con arrestos", "", None),
        ("U.S. Marshals warn of scam calls",
         "Scammers posing as deputy marshals are threatening arrest and telling victims to "
         "pay with gift cards; the agency urged residents to hang up.", None),
        ("Detienen a traficante que se hacía pasar por agente fronterizo en Nogales", "",
         "impersonation"),
        ("Fake marshals arrested after demanding entry to Tampa hotel rooms", "",
         "impersonation"),
        ("Detienen a hombre que aseguró colaborar con el FBI durante una parada de tráfico", "",
         "impersonation"),
        ("Motorist films man who flashed gold badge, said he was a federal agent", "",
         "impersonation"),
    ],
)  # fmt: skip
def test_holdout25_wordings(title: str, summary: str, kind: str | None) -> None:
    det = run(title, summary)
    assert (det.kind if det else None) == kind


def test_west_virginia_as_ap_writes_it() -> None:
    assert where("CHARLESTON, W.Va. — A rifle was taken from a trooper's cruiser.") == (
        "Charleston, WV"
    )
    assert where("An FBI agent was carjacked in Northeast DC on Friday.") == "Washington, DC"
