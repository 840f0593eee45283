"""The demo library: case studies written for this project. Organisations and people are fictional."""

TOPICS = [
    ("Patient flow", "Getting people to the right care without waiting: admission, discharge and everything between."),
    ("Productivity", "Doing more of what matters with the same people, time and money."),
    ("Patient safety", "Preventing harm: falls, pressure ulcers, sepsis, medication errors."),
    ("Patient experience", "What care is like for the people who receive it, and using that to improve it."),
    ("Staff wellbeing and engagement", "How staff feel about their work, and involving them in changing it."),
    ("Improvement capability", "Building the skills and habits of improvement across an organisation."),
    ("Mental health", "Care and support for people's mental health in every setting."),
    ("Medicines", "Prescribing, dispensing and taking medicines well."),
    ("Frailty and older people", "Care that fits older people living with frailty."),
    ("Long-term conditions", "Diabetes, COPD, heart failure and other conditions people live with."),
    ("Maternity and children", "Care around pregnancy, birth, and for children and young people."),
    ("Data and digital", "Using measurement, data and digital tools to improve care."),
    ("Health inequalities", "Closing unfair gaps in access, experience and outcomes."),
    ("End of life care", "Care in the last months of life and support for those close to the person."),
]

CARE_SETTINGS = [
    ("Acute hospital", ""),
    ("Primary care", ""),
    ("Community services", ""),
    ("Mental health services", ""),
    ("Care homes", ""),
    ("Ambulance service", ""),
    ("Social care", ""),
    ("Across the system", "Work spanning several organisations or sectors."),
]

APPROACHES = [
    ("Model for Improvement (PDSA)", "Aims, measures and plan-do-study-act cycles to test changes."),
    ("Lean", "Making value flow by removing waste from processes."),
    ("Virginia Mason Production System", "A management system drawn from the Toyota Production System."),
    ("Experience-based co-design", "Patients and staff redesigning services together from their experiences."),
    ("Statistical process control", "Telling signal from noise in data over time with run and control charts."),
    ("Quality coaching", "Trained coaches who support teams through improvement work."),
    ("Appreciative inquiry", "Building on what already works well."),
    ("Co-production", "Sharing power with people who use services, from start to finish."),
    ("Human factors", "Designing systems around how people really work."),
    ("Positive deviance", "Finding those who already succeed against the odds and learning from them."),
]

REGIONS = [
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "National",
]

ORGANISATIONS = [
    "Northfield Teaching Hospitals NHS Foundation Trust",
    "Riverside Community Health",
    "Harbourside University Hospitals",
    "Vale and Moor Mental Health Partnership",
    "Westbrook Primary Care Network",
    "Eastgate Integrated Care Board",
    "Coastline Ambulance Service",
    "Millbrook Care Homes Group",
    "St Aidan's Hospice",
    "Kingsmead Children's Hospital",
    "Ashworth Valley Health Board",
    "Three Rivers Community Trust",
    "Lakeland Partnership Trust",
    "Greyfriars Medical Practice",
    "Southmoor Council Adult Social Care",
    "Improvement Coaching Network",
]

# Each case study: title, summary, region, topics, settings, approaches, organisations,
# outcomes (label, before, after, unit), the five sections, days since publication.
CASE_STUDIES = [
    {
        "title": "62% shorter process lead times across five trusts: how we did it",
        "summary": "A trust-wide programme applied the Virginia Mason Production System to outpatient, pharmacy "
        "and radiology processes, and cut the average process lead time from 21 days to 8.",
        "region": "North East and Yorkshire",
        "topics": ["Productivity", "Patient flow", "Improvement capability"],
        "settings": ["Acute hospital", "Across the system"],
        "approaches": ["Virginia Mason Production System", "Lean"],
        "organisations": ["Northfield Teaching Hospitals NHS Foundation Trust", "Harbourside University Hospitals"],
        "outcomes": [("Process lead time", 21, 8, "days"), ("Steps in the referral process", 47, 19, "steps")],
        "problem": "Referral, booking and reporting processes had grown step by step over twenty years. A referral "
        "passed through up to 47 hands before a patient was seen, and nobody could see the whole process.",
        "actions": "Five trusts trained 40 staff as process leads and ran **rapid process improvement workshops** "
        "of five days each. In every workshop the team:\n\n- walked the process from the patient's point of "
        "view\n- timed each step and marked what added value\n- tested a new standard work on the spot",
        "results": "Across 31 processes the median lead time fell from 21 days to 8 (62% shorter). Errors in "
        "referral letters halved, and the gains held for the 18 months we have measured so far.",
        "lessons": "Leaders going to the place where the work happens mattered more than any tool. Workshops "
        "without a named process owner afterwards slipped back within months.",
        "next_steps": "We are sharing the workshop materials with two more systems and training our own "
        "facilitators, so the programme no longer depends on outside support.",
        "days": 3,
        "featured": True,
    },
    {
        "title": "Growing quality coaches together: a programme shared by 24 organisations",
        "summary": "Twenty-four health and care organisations pooled their training to develop 180 quality "
        "coaches in two years, at a third of the cost of running separate programmes.",
        "region": "National",
        "topics": ["Improvement capability", "Staff wellbeing and engagement"],
        "settings": ["Across the system"],
        "approaches": ["Quality coaching", "Model for Improvement (PDSA)"],
        "organisations": ["Improvement Coaching Network", "Eastgate Integrated Care Board"],
        "outcomes": [("Quality coaches trained", 0, 180, "coaches"), ("Cost per coach trained", 4500, 1500, "£")],
        "problem": "Each organisation ran its own small coaching course. Cohorts were too small to be lively, "
        "faculty were stretched, and coaches had nobody outside their own organisation to learn from.",
        "actions": "We agreed one curriculum, shared a faculty of 16 experienced coaches, and ran mixed cohorts "
        "of 30. Every coach supported a live improvement project and met a peer group monthly.",
        "results": "180 coaches completed the programme and 140 are coaching teams today. Projects they "
        "supported reported measurable improvement in 71% of cases, against 45% before.",
        "lessons": "Mixing organisations in each cohort was the most valued part. A shared agreement on who "
        "pays for what, signed at the start, prevented most later disputes.",
        "next_steps": "Coaches who finished first are now becoming faculty, and social care providers join "
        "the next cohort.",
        "days": 6,
        "featured": True,
    },
    {
        "title": "A patient experience evidence library that teams actually use",
        "summary": "We gathered 9,000 comments, complaints and stories into one searchable library, so teams "
        "start improvement work from what patients have already told us.",
        "region": "London",
        "topics": ["Patient experience", "Data and digital"],
        "settings": ["Acute hospital", "Community services"],
        "approaches": ["Experience-based co-design", "Co-production"],
        "organisations": ["Harbourside University Hospitals"],
        "outcomes": [("Teams using patient evidence at project start", 12, 68, "%")],
        "problem": "Feedback arrived through surveys, complaints, social media and ward visits, and sat in "
        "separate systems. Improvement teams often ran new surveys asking what patients had already said.",
        "actions": "Patient partners helped design the themes. We tagged each comment by theme, service and "
        "stage of care, and built a simple search page with ready-made summaries for common topics.",
        "results": "Within a year, 68% of new improvement projects started with a summary from the library, up "
        "from 12%. Duplicate surveys fell, and patients on our panel said they felt heard.",
        "lessons": "Tagging needs people who know the services; automatic tagging alone missed the meaning of "
        "many comments. Short summaries were read far more than the raw comments.",
        "next_steps": "We are adding community and mental health services, and sharing the theme list with "
        "neighbouring trusts.",
        "days": 9,
        "featured": True,
    },
    {
        "title": "Staff engagement principles distilled by 300 people",
        "summary": "Three hundred staff from every role wrote, tested and agreed six principles for involving "
        "staff in change, now used by every improvement project in the organisation.",
        "region": "North West",
        "topics": ["Staff wellbeing and engagement", "Improvement capability"],
        "settings": ["Mental health services", "Community services"],
        "approaches": ["Appreciative inquiry", "Co-production"],
        "organisations": ["Vale and Moor Mental Health Partnership"],
        "outcomes": [("Staff who feel able to suggest improvements", 58, 74, "%")],
        "problem": "Our staff survey showed people felt change was done *to* them. Previous engagement "
        "strategies were written by a small group and soon forgotten.",
        "actions": "We ran 22 conversations across sites and shifts, including nights and weekends. Volunteers "
        "grouped what they heard into draft principles, which teams then tried for three months.",
        "results": "Six principles were agreed. The share of staff who feel able to make suggestions rose from "
        "58% to 74% in two years, and every project charter now shows how it applies them.",
        "lessons": "Going to night shifts and smaller sites brought the ideas that most changed the principles. "
        "Testing the principles before agreeing them made them practical.",
        "next_steps": "We are revisiting the principles each year with a new group of staff.",
        "days": 12,
    },
    {
        "title": "Reducing falls on older people's wards with PDSA cycles",
        "summary": "Three wards tested small changes to falls prevention over eight months and reduced falls "
        "with harm by 40%.",
        "region": "Midlands",
        "topics": ["Patient safety", "Frailty and older people"],
        "settings": ["Acute hospital"],
        "approaches": ["Model for Improvement (PDSA)", "Statistical process control"],
        "organisations": ["Northfield Teaching Hospitals NHS Foundation Trust"],
        "outcomes": [
            ("Falls with harm per 1,000 bed days", 2.5, 1.5, ""),
            ("Lying and standing blood pressure done", 22, 81, "%"),
        ],
        "problem": "Our older people's wards had more falls with harm than similar wards elsewhere. Risk "
        "assessments were completed but rarely changed what staff did.",
        "actions": "Ward teams ran 34 plan-do-study-act cycles, starting with one patient and one nurse. "
        "Changes included lying and standing blood pressure on admission, a 'bay nurse' at busy times, "
        "and moving walking aids within reach.",
        "results": "Falls with harm fell from 2.5 to 1.5 per 1,000 bed days, a sustained shift on our run chart. "
        "Lying and standing blood pressure recording rose from 22% to 81%.",
        "lessons": "Starting tiny let sceptical staff see results quickly. Weekly data on a board in the ward "
        "kept momentum far better than monthly reports.",
        "next_steps": "Spreading the bay nurse model to surgical wards.",
        "days": 15,
    },
    {
        "title": "Same-day emergency care that halved admissions for chest pain",
        "summary": "A same-day emergency care unit with agreed pathways cut admissions for low-risk chest pain "
        "by half and shortened time in the emergency department.",
        "region": "South East",
        "topics": ["Patient flow", "Long-term conditions"],
        "settings": ["Acute hospital"],
        "approaches": ["Lean", "Model for Improvement (PDSA)"],
        "organisations": ["Harbourside University Hospitals"],
        "outcomes": [
            ("Admissions for low-risk chest pain", 64, 31, "%"),
            ("Time in ED for chest pain", 6.2, 3.9, "hours"),
        ],
        "problem": "Most people with chest pain were admitted overnight for tests, though few had a heart "
        "problem. The emergency department (ED) was crowded and beds were short.",
        "actions": "Cardiology and emergency medicine agreed a pathway using a high-sensitivity troponin test "
        "at 0 and 1 hour. A same-day unit took people out of A&E for tests and review.",
        "results": "Admission for low-risk chest pain fell from 64% to 31%. Time in the ED for these patients "
        "dropped from 6.2 to 3.9 hours, with no rise in returns within 30 days.",
        "lessons": "Agreeing the pathway across two specialties took longer than setting up the unit. Daily "
        "huddles in the first month solved small problems before they grew.",
        "next_steps": "Adding pathways for pulmonary embolism and cellulitis.",
        "days": 18,
    },
    {
        "title": "Discharge to assess: getting people home from hospital sooner",
        "summary": "Hospital, council and community teams moved assessment for care needs out of hospital, "
        "cutting delayed discharges by 45%.",
        "region": "East of England",
        "topics": ["Patient flow", "Frailty and older people"],
        "settings": ["Across the system", "Social care", "Community services"],
        "approaches": ["Lean", "Co-production"],
        "organisations": [
            "Eastgate Integrated Care Board",
            "Southmoor Council Adult Social Care",
            "Riverside Community Health",
        ],
        "outcomes": [
            ("Delayed transfers of care per day", 62, 34, "patients"),
            ("Average length of stay over 65s", 11.8, 8.9, "days"),
        ],
        "problem": "People medically fit to leave waited in hospital for assessments of their care needs. "
        "Long waits in bed weakened older people, who then needed more care.",
        "actions": "We mapped the discharge process with families and staff, then moved assessments to the "
        "person's home within 24 hours of discharge. One shared form replaced four.",
        "results": "Delayed transfers of care fell from 62 to 34 a day. Length of stay for people over 65 fell "
        "by nearly three days, and more people went home rather than to a care home.",
        "lessons": "Pooling budgets was hard but made the biggest difference: nobody had to argue about who "
        "paid before a person went home.",
        "next_steps": "Extending the model to weekends and to the neighbouring council.",
        "days": 21,
    },
    {
        "title": "Sepsis screening in the ambulance: earlier antibiotics, fewer deaths",
        "summary": "Paramedics used a sepsis screening tool and pre-alerted hospitals, so patients got "
        "antibiotics within an hour of arrival far more often.",
        "region": "South West",
        "topics": ["Patient safety"],
        "settings": ["Ambulance service", "Acute hospital"],
        "approaches": ["Model for Improvement (PDSA)", "Human factors"],
        "organisations": ["Coastline Ambulance Service", "Harbourside University Hospitals"],
        "outcomes": [("Antibiotics within one hour of arrival", 48, 83, "%")],
        "problem": "Patients with sepsis brought by ambulance often waited hours for antibiotics because the "
        "hospital team did not know they were coming.",
        "actions": "With human factors specialists we designed a one-page screening card and a short radio "
        "pre-alert. Crews and emergency teams tested and refined both over 12 cycles.",
        "results": "Antibiotics within an hour of arrival rose from 48% to 83% of screened patients. The "
        "screening card is now used on every ambulance in the service.",
        "lessons": "The wording of the pre-alert mattered: a fixed phrase that triggered a set response worked "
        "better than a free description.",
        "next_steps": "Testing whether giving the first antibiotic dose in the ambulance helps further.",
        "days": 24,
    },
    {
        "title": "Co-designing a calmer children's outpatient department",
        "summary": "Children, parents and staff redesigned the outpatient department using experience-based "
        "co-design, and distress before appointments fell markedly.",
        "region": "North West",
        "topics": ["Patient experience", "Maternity and children"],
        "settings": ["Acute hospital"],
        "approaches": ["Experience-based co-design"],
        "organisations": ["Kingsmead Children's Hospital"],
        "outcomes": [("Parents rating the waiting area good", 41, 86, "%")],
        "problem": "Parents described the waiting area as noisy and frightening, especially for autistic "
        "children. Appointments often started with an upset child.",
        "actions": "We filmed interviews with families, held joint events with staff and agreed six priorities. "
        "Families chose a quiet room, visual timetables and text alerts so they could wait outside.",
        "results": "Parents rating the waiting area as good rose from 41% to 86%. Staff reported fewer "
        "appointments cut short by distress.",
        "lessons": "The filmed stories moved staff more than any survey. Children's own ideas were often the "
        "cheapest and simplest.",
        "next_steps": "Bringing the same approach to the children's emergency department.",
        "days": 27,
    },
    {
        "title": "Statistical process control for ward leaders: seeing signal in the noise",
        "summary": "Ward leaders learned to read SPC charts and stopped reacting to random variation, saving "
        "time and focusing on real changes.",
        "region": "Scotland",
        "topics": ["Data and digital", "Improvement capability"],
        "settings": ["Acute hospital", "Community services"],
        "approaches": ["Statistical process control"],
        "organisations": ["Ashworth Valley Health Board"],
        "outcomes": [("Board reports using SPC charts", 5, 90, "%")],
        "problem": "Monthly reports showed red and green ratings against targets. Leaders chased every red "
        "month, though most changes were random variation.",
        "actions": "We replaced rating tables with statistical process control charts, ran short sessions on "
        "reading them, and set simple rules for when to act.",
        "results": "90% of board papers now use SPC charts. Leaders reported spending less time explaining "
        "normal variation and more on the few real signals.",
        "lessons": "A one-page guide to the rules for special cause variation was used far more than training slides.",
        "next_steps": "Automating chart production from our data warehouse.",
        "days": 30,
    },
    {
        "title": "Lean in community pharmacy: reducing waits for prescriptions",
        "summary": "A group of community pharmacies used Lean methods to reorganise dispensing and cut average "
        "waiting time for walk-in prescriptions by two thirds.",
        "region": "Wales",
        "topics": ["Medicines", "Productivity"],
        "settings": ["Primary care"],
        "approaches": ["Lean"],
        "organisations": ["Greyfriars Medical Practice"],
        "outcomes": [("Wait for walk-in prescriptions", 24, 8, "minutes")],
        "problem": "Patients waited up to 40 minutes at busy times. Pharmacists spent much of the day looking "
        "for items and correcting labels.",
        "actions": "Teams mapped the flow of a prescription, rearranged shelves by how often items are used, "
        "and introduced a simple visual board for queued prescriptions.",
        "results": "Average waits fell from 24 to 8 minutes. Labelling errors caught at final check fell by half.",
        "lessons": "Small layout changes had surprisingly large effects. Involving the counter staff in "
        "mapping showed problems pharmacists had not seen.",
        "next_steps": "Sharing the layout guide with other pharmacies in the area.",
        "days": 33,
    },
    {
        "title": "Reducing pressure ulcers in care homes with a shared safety huddle",
        "summary": "Care homes held a ten-minute daily safety huddle and reduced new pressure ulcers by 58% in a year.",
        "region": "Midlands",
        "topics": ["Patient safety", "Frailty and older people"],
        "settings": ["Care homes"],
        "approaches": ["Model for Improvement (PDSA)", "Human factors"],
        "organisations": ["Millbrook Care Homes Group", "Riverside Community Health"],
        "outcomes": [("New pressure ulcers per month across homes", 12, 5, "")],
        "problem": "Residents developed pressure ulcers that district nurses only saw once they were severe. "
        "Care staff were not always sure who to tell.",
        "actions": "Each home started a daily huddle using a simple board of residents at risk. District nurses "
        "joined by phone twice a week. We tested the format in one home before spreading it.",
        "results": "New pressure ulcers fell from 12 to 5 a month across eight homes. Care staff said they felt "
        "more confident raising concerns.",
        "lessons": "Keeping the huddle short and at the same time every day made it stick. Agency staff needed "
        "a one-page introduction.",
        "next_steps": "Adding falls and hydration to the huddle board.",
        "days": 36,
    },
    {
        "title": "Crisis café: an alternative to A&E for people in mental distress",
        "summary": "An evening crisis café run with a local charity gave people in mental distress somewhere to "
        "go other than the emergency department.",
        "region": "North East and Yorkshire",
        "topics": ["Mental health", "Patient flow"],
        "settings": ["Mental health services", "Across the system"],
        "approaches": ["Co-production"],
        "organisations": ["Vale and Moor Mental Health Partnership"],
        "outcomes": [("Mental health attendances at A&E, evenings", 210, 150, "per month")],
        "problem": "People in mental distress in the evening often had nowhere to go but A&E, where they waited "
        "for hours in a busy and unsuitable place.",
        "actions": "People with lived experience designed the café with clinicians and the charity. It opens "
        "6pm to midnight with peer supporters and a mental health nurse.",
        "results": "Evening mental health attendances at A&E fell from 210 to 150 a month. Visitors rated the "
        "café 4.7 out of 5 for feeling listened to.",
        "lessons": "Peer supporters made the café feel welcoming. Clear links back to crisis teams reassured "
        "the emergency department.",
        "next_steps": "Opening a second café in the east of the county.",
        "days": 39,
    },
    {
        "title": "Making outpatient clinics productive with a clinic template review",
        "summary": "Reviewing clinic templates with consultants freed 1,900 appointment slots a year without "
        "extra staff.",
        "region": "London",
        "topics": ["Productivity", "Patient flow"],
        "settings": ["Acute hospital"],
        "approaches": ["Lean", "Statistical process control"],
        "organisations": ["Harbourside University Hospitals"],
        "outcomes": [("Clinic slots used", 82, 94, "%"), ("Extra appointments a year", 0, 1900, "")],
        "problem": "Clinic templates had not been reviewed for years. Some slots were always empty while "
        "waiting lists grew.",
        "actions": "We looked at a year of clinic data with each consultant team, matched templates to real "
        "demand, and switched suitable follow-ups to patient-initiated follow-up.",
        "results": "Slot use rose from 82% to 94%, freeing about 1,900 appointments a year.",
        "lessons": "Meeting each team with their own data worked far better than a trust-wide instruction.",
        "next_steps": "Repeating the review every six months.",
        "days": 42,
    },
    {
        "title": "A frailty team at the front door",
        "summary": "A frailty team assessing older people in A&E sent more of them home with support, and "
        "reduced admissions of people living with frailty by a quarter.",
        "region": "South West",
        "topics": ["Frailty and older people", "Patient flow"],
        "settings": ["Acute hospital", "Community services"],
        "approaches": ["Model for Improvement (PDSA)"],
        "organisations": ["Northfield Teaching Hospitals NHS Foundation Trust", "Three Rivers Community Trust"],
        "outcomes": [("Admission rate for people with frailty", 68, 51, "%")],
        "problem": "Older people living with frailty were admitted from the emergency department because "
        "nobody could arrange support at home quickly.",
        "actions": "A geriatrician, therapists and a community nurse formed a team in A&E from 8am to 8pm. "
        "They used the Clinical Frailty Scale and could start home support the same day.",
        "results": "Admissions for people with frailty fell from 68% to 51% of attendances. Readmissions within "
        "30 days did not rise.",
        "lessons": "Having a community nurse in the team made same-day support possible.",
        "next_steps": "Extending hours to weekends.",
        "days": 45,
    },
    {
        "title": "Reducing waits for talking therapies through group sessions",
        "summary": "Offering group courses as a first step halved the wait for talking therapies without "
        "lowering recovery rates.",
        "region": "East of England",
        "topics": ["Mental health", "Productivity"],
        "settings": ["Mental health services", "Primary care"],
        "approaches": ["Model for Improvement (PDSA)"],
        "organisations": ["Vale and Moor Mental Health Partnership"],
        "outcomes": [("Wait for first treatment", 14, 6, "weeks"), ("Recovery rate", 50, 52, "%")],
        "problem": "People waited 14 weeks for therapy. Most were offered one-to-one sessions even when a group "
        "would suit them.",
        "actions": "We tested group courses on stress and low mood, with people choosing between group and "
        "individual therapy.",
        "results": "The wait for first treatment fell from 14 to 6 weeks. Recovery rates stayed steady at about 50%.",
        "lessons": "Letting people choose was essential: those who chose groups did well in them.",
        "next_steps": "Online group courses in the evenings.",
        "days": 48,
    },
    {
        "title": "Cutting medication errors at handover with a structured checklist",
        "summary": "A short checklist for medicines at shift handover reduced missed doses of critical medicines "
        "by 70% on medical wards.",
        "region": "Northern Ireland",
        "topics": ["Medicines", "Patient safety"],
        "settings": ["Acute hospital"],
        "approaches": ["Human factors", "Model for Improvement (PDSA)"],
        "organisations": ["Ashworth Valley Health Board"],
        "outcomes": [("Missed doses of critical medicines", 9.1, 2.7, "%")],
        "problem": "Doses of critical medicines such as insulin and anti-Parkinson's drugs were missed around "
        "shift changes.",
        "actions": "Nurses and pharmacists designed a five-item checklist and tested it on one ward, adjusting "
        "the wording after each week.",
        "results": "Missed doses of critical medicines fell from 9.1% to 2.7%.",
        "lessons": "A checklist designed by those who use it was accepted; earlier imposed versions were not.",
        "next_steps": "Including the checklist in the electronic handover record.",
        "days": 51,
    },
    {
        "title": "Helping people with COPD stay out of hospital",
        "summary": "Rescue packs, a phone line and pulmonary rehabilitation reduced emergency admissions for "
        "COPD by 30%.",
        "region": "North West",
        "topics": ["Long-term conditions"],
        "settings": ["Primary care", "Community services"],
        "approaches": ["Co-production", "Model for Improvement (PDSA)"],
        "organisations": ["Westbrook Primary Care Network", "Three Rivers Community Trust"],
        "outcomes": [("Emergency admissions for COPD a year", 420, 294, "")],
        "problem": "Many people with COPD only sought help when very unwell, and were admitted as emergencies.",
        "actions": "Practices offered rescue packs with a written plan, a respiratory nurse phone line, and "
        "faster places on pulmonary rehabilitation.",
        "results": "Emergency admissions for COPD fell by 30% in a year.",
        "lessons": "People valued the phone line most; knowing someone would answer changed how they managed "
        "flare-ups.",
        "next_steps": "Extending to people with heart failure.",
        "days": 54,
    },
    {
        "title": "A quality improvement programme for a whole primary care network",
        "summary": "Seven practices learned QI together and each completed a project, from repeat prescriptions "
        "to cervical screening.",
        "region": "South East",
        "topics": ["Improvement capability"],
        "settings": ["Primary care"],
        "approaches": ["Model for Improvement (PDSA)", "Quality coaching"],
        "organisations": ["Westbrook Primary Care Network", "Greyfriars Medical Practice"],
        "outcomes": [("Practices with an active QI project", 1, 7, "practices")],
        "problem": "Practices were too stretched to release staff for long quality improvement courses.",
        "actions": "We ran six two-hour sessions over six months, with a coach visiting each practice between "
        "sessions to support its project.",
        "results": "All seven practices completed a project. Cervical screening uptake rose 6 points in one "
        "practice; another cut repeat prescription requests answered late by half.",
        "lessons": "Short sessions and coaching in the practice suited primary care better than a classroom course.",
        "next_steps": "A second cohort with pharmacy and dental teams.",
        "days": 57,
    },
    {
        "title": "Theatre productivity: starting lists on time",
        "summary": "Theatre teams reduced late starts from 61% of lists to 18% by redesigning the morning routine.",
        "region": "Midlands",
        "topics": ["Productivity"],
        "settings": ["Acute hospital"],
        "approaches": ["Lean", "Statistical process control"],
        "organisations": ["Northfield Teaching Hospitals NHS Foundation Trust"],
        "outcomes": [("Lists starting late", 61, 18, "%"), ("Extra operations a month", 0, 45, "")],
        "problem": "Most theatre lists started late, losing time that could have treated patients on the waiting list.",
        "actions": "Teams observed mornings, found the main delays were consent, marking and porters, and "
        "tested a pre-list huddle the day before.",
        "results": "Late starts fell from 61% to 18% of lists, giving about 45 extra operations a month.",
        "lessons": "Measuring start times automatically removed arguments about the data.",
        "next_steps": "Working on turnaround times between cases.",
        "days": 60,
    },
    {
        "title": "Listening to night staff: improving wellbeing on night shifts",
        "summary": "Night staff designed changes to breaks, food and rest spaces; sickness absence among night "
        "workers fell by a fifth.",
        "region": "Wales",
        "topics": ["Staff wellbeing and engagement"],
        "settings": ["Acute hospital"],
        "approaches": ["Appreciative inquiry", "Co-production"],
        "organisations": ["Ashworth Valley Health Board"],
        "outcomes": [("Sickness absence among night staff", 7.4, 5.9, "%")],
        "problem": "Night staff said they could not get hot food or take breaks, and felt forgotten by managers "
        "who worked days.",
        "actions": "Senior leaders held listening sessions at 3am. Staff chose priorities: a rest room, hot food "
        "vending, and protected breaks covered by a float nurse.",
        "results": "Sickness absence among night staff fell from 7.4% to 5.9%.",
        "lessons": "Leaders being present at night was itself a strong signal.",
        "next_steps": "A night staff forum that meets every quarter.",
        "days": 63,
    },
    {
        "title": "Virginia Mason principles in a mental health trust",
        "summary": "A mental health trust applied the Virginia Mason Production System to admissions and "
        "reduced the time from referral to assessment by 55%.",
        "region": "North East and Yorkshire",
        "topics": ["Mental health", "Productivity", "Patient flow"],
        "settings": ["Mental health services"],
        "approaches": ["Virginia Mason Production System"],
        "organisations": ["Vale and Moor Mental Health Partnership"],
        "outcomes": [("Time from referral to assessment", 11, 5, "days")],
        "problem": "Referrals queued while teams gathered information that was often already available.",
        "actions": "Rapid improvement workshops redesigned the referral process, with a single point of access "
        "and standard work for triage.",
        "results": "Time from referral to assessment fell from 11 days to 5.",
        "lessons": "Methods from manufacturing needed translating, but the principle of respect for people "
        "resonated with clinical teams.",
        "next_steps": "Applying the same approach to discharge from inpatient wards.",
        "days": 66,
    },
    {
        "title": "Better end of life care in care homes through advance care planning",
        "summary": "Care homes and a hospice supported residents to plan ahead, and more people died in the "
        "place they chose.",
        "region": "South West",
        "topics": ["End of life care", "Frailty and older people"],
        "settings": ["Care homes", "Community services"],
        "approaches": ["Co-production", "Model for Improvement (PDSA)"],
        "organisations": ["St Aidan's Hospice", "Millbrook Care Homes Group"],
        "outcomes": [("Residents dying in their preferred place", 54, 81, "%")],
        "problem": "Residents were often taken to hospital in their last days, against what they or their "
        "families would have wanted.",
        "actions": "Hospice staff trained care home teams in conversations about the future, and residents' "
        "wishes were shared with GPs and the ambulance service.",
        "results": "Deaths in the preferred place rose from 54% to 81%.",
        "lessons": "Families needed as much support as residents to take part in these conversations.",
        "next_steps": "Training for domiciliary care workers.",
        "days": 69,
    },
    {
        "title": "Reducing health inequalities in diabetes care",
        "summary": "Practices targeted care processes for people in the most deprived areas and closed half "
        "the gap in completed checks.",
        "region": "London",
        "topics": ["Health inequalities", "Long-term conditions"],
        "settings": ["Primary care"],
        "approaches": ["Positive deviance", "Model for Improvement (PDSA)"],
        "organisations": ["Westbrook Primary Care Network"],
        "outcomes": [("Gap in completed diabetes checks", 18, 9, "points")],
        "problem": "People with diabetes in the most deprived areas were much less likely to have all their "
        "annual checks.",
        "actions": "We found practices that already did well with similar populations and learned from them: "
        "evening clinics, link workers and checks at community venues.",
        "results": "The gap in completed checks halved from 18 to 9 percentage points.",
        "lessons": "Learning from peers who already succeeded was more persuasive than outside advice.",
        "next_steps": "Applying the same approach to hypertension.",
        "days": 72,
    },
    {
        "title": "Faster ambulance handovers at the hospital door",
        "summary": "Ambulance and emergency department staff redesigned handover and cut average handover time "
        "from 42 to 19 minutes.",
        "region": "South East",
        "topics": ["Patient flow"],
        "settings": ["Ambulance service", "Acute hospital"],
        "approaches": ["Lean", "Model for Improvement (PDSA)"],
        "organisations": ["Coastline Ambulance Service", "Harbourside University Hospitals"],
        "outcomes": [("Average ambulance handover time", 42, 19, "minutes")],
        "problem": "Crews waited with patients in corridors, unable to respond to new calls.",
        "actions": "A joint team created a receiving area with its own nurse, a standard handover script and "
        "escalation when waits passed 30 minutes.",
        "results": "Average handover time fell from 42 to 19 minutes, releasing hundreds of crew hours a month.",
        "lessons": "Joint ownership mattered: the problem belonged to both organisations.",
        "next_steps": "Sharing real-time waits on a shared screen.",
        "days": 75,
    },
    {
        "title": "Improving maternity triage with a standard assessment",
        "summary": "A standard triage assessment in maternity reduced the time to be seen by a midwife and "
        "improved women's experience.",
        "region": "East of England",
        "topics": ["Maternity and children", "Patient safety", "Patient experience"],
        "settings": ["Acute hospital"],
        "approaches": ["Model for Improvement (PDSA)", "Experience-based co-design"],
        "organisations": ["Northfield Teaching Hospitals NHS Foundation Trust"],
        "outcomes": [("Seen by a midwife within 15 minutes", 46, 88, "%")],
        "problem": "Women arriving at maternity triage waited without assessment, and some urgent problems "
        "were recognised late.",
        "actions": "Midwives introduced a standard assessment with clear timing by urgency, and women helped "
        "redesign the information given at arrival.",
        "results": "Women seen by a midwife within 15 minutes rose from 46% to 88%.",
        "lessons": "Listening to women showed that not knowing what was happening was the hardest part of waiting.",
        "next_steps": "A phone triage line using the same assessment.",
        "days": 78,
    },
    {
        "title": "Using SPC to manage demand in a GP practice",
        "summary": "A practice charted daily demand for a year and matched its clinicians' rota to the pattern, "
        "ending the 8am rush.",
        "region": "Scotland",
        "topics": ["Data and digital", "Productivity"],
        "settings": ["Primary care"],
        "approaches": ["Statistical process control"],
        "organisations": ["Greyfriars Medical Practice"],
        "outcomes": [("Calls waiting over 10 minutes at 8am", 140, 35, "per day")],
        "problem": "Patients rang at 8am and waited a long time; clinicians felt overwhelmed on Mondays and "
        "underused on Thursdays.",
        "actions": "We plotted daily requests on control charts, found demand was far more predictable than "
        "it felt, and rebuilt the rota around it.",
        "results": "Calls waiting over 10 minutes at 8am fell from 140 to 35 a day.",
        "lessons": "Seeing that demand was stable helped staff plan rather than react.",
        "next_steps": "Adding online requests to the same charts.",
        "days": 81,
    },
    {
        "title": "Involving young people in redesigning mental health services",
        "summary": "Young people co-produced a new pathway for children's mental health, and waits for a first "
        "appointment fell from 16 weeks to 5.",
        "region": "Midlands",
        "topics": ["Mental health", "Maternity and children"],
        "settings": ["Mental health services", "Community services"],
        "approaches": ["Co-production", "Experience-based co-design"],
        "organisations": ["Kingsmead Children's Hospital", "Vale and Moor Mental Health Partnership"],
        "outcomes": [("Wait for first appointment", 16, 5, "weeks")],
        "problem": "Young people waited months for help and many dropped out before being seen.",
        "actions": "A group of young people with experience of the service worked alongside clinicians for a "
        "year, shaping a drop-in service and online support.",
        "results": "Waits for a first appointment fell from 16 to 5 weeks, and fewer young people dropped out.",
        "lessons": "Paying young people for their time made the partnership fairer and lasting.",
        "next_steps": "Young people are training others to join the group.",
        "days": 84,
    },
    {
        "title": "Reducing infections from urinary catheters",
        "summary": "A catheter passport and daily review reduced catheter-associated urinary infections by 52%.",
        "region": "North West",
        "topics": ["Patient safety"],
        "settings": ["Acute hospital", "Community services", "Care homes"],
        "approaches": ["Model for Improvement (PDSA)"],
        "organisations": ["Three Rivers Community Trust", "Northfield Teaching Hospitals NHS Foundation Trust"],
        "outcomes": [("Catheter-associated urinary infections", 25, 12, "per month")],
        "problem": "Catheters stayed in longer than needed and information was lost when patients moved "
        "between hospital, home and care homes.",
        "actions": "A catheter passport travelled with each patient, and wards reviewed every catheter daily.",
        "results": "Catheter-associated urinary infections fell from 25 to 12 a month.",
        "lessons": "The passport worked because every setting agreed to use the same one.",
        "next_steps": "An electronic version in the shared care record.",
        "days": 87,
    },
    {
        "title": "Digital outpatient letters: fewer lost letters and quicker results",
        "summary": "Sending outpatient letters through the NHS App and email cut lost letters and saved £120,000 "
        "a year in postage.",
        "region": "London",
        "topics": ["Data and digital", "Productivity", "Patient experience"],
        "settings": ["Acute hospital"],
        "approaches": ["Lean"],
        "organisations": ["Harbourside University Hospitals"],
        "outcomes": [("Postage costs a year", 180000, 60000, "£"), ("Appointments missed", 9, 6.5, "%")],
        "problem": "Letters arrived late or not at all, and patients missed appointments they did not know about.",
        "actions": "We offered digital letters with a paper fallback and tested the wording with patients who "
        "rarely use digital services.",
        "results": "Postage costs fell by £120,000 a year and missed appointments fell from 9% to 6.5%.",
        "lessons": "Keeping paper for those who want it was essential to avoid widening inequalities.",
        "next_steps": "Letters in other languages.",
        "days": 90,
    },
    {
        "title": "Reablement at home after a hospital stay",
        "summary": "A short reablement service helped people regain independence after hospital, and fewer "
        "needed long-term care.",
        "region": "East of England",
        "topics": ["Frailty and older people", "Patient flow"],
        "settings": ["Social care", "Community services"],
        "approaches": ["Co-production"],
        "organisations": ["Southmoor Council Adult Social Care", "Riverside Community Health"],
        "outcomes": [("People needing long-term care after reablement", 48, 31, "%")],
        "problem": "People left hospital with care packages that were never reviewed, even as they recovered.",
        "actions": "Therapists and carers worked with each person on goals they chose, over up to six weeks.",
        "results": "People needing long-term care after reablement fell from 48% to 31%.",
        "lessons": "Goals written in the person's own words kept everyone focused.",
        "next_steps": "Offering reablement to people not in hospital, to prevent admission.",
        "days": 93,
    },
    {
        "title": "Improving flow through a community hospital",
        "summary": "A community hospital introduced daily board rounds and an estimated date of discharge, and "
        "length of stay fell by a week.",
        "region": "South West",
        "topics": ["Patient flow", "Productivity"],
        "settings": ["Community services"],
        "approaches": ["Lean", "Model for Improvement (PDSA)"],
        "organisations": ["Three Rivers Community Trust"],
        "outcomes": [("Average length of stay", 26, 19, "days")],
        "problem": "Patients stayed weeks in the community hospital with no clear plan for going home.",
        "actions": "We introduced a 15-minute board round each morning and an expected date of discharge "
        "agreed with the patient on arrival.",
        "results": "Average length of stay fell from 26 to 19 days.",
        "lessons": "Patients and families liked knowing the expected date; it helped them prepare too.",
        "next_steps": "Sharing the board with social workers by video.",
        "days": 96,
    },
    {
        "title": "A human factors review of insulin errors",
        "summary": "A human factors review found why insulin errors happened and redesigned the chart, cutting "
        "errors by 60%.",
        "region": "Scotland",
        "topics": ["Medicines", "Patient safety", "Long-term conditions"],
        "settings": ["Acute hospital"],
        "approaches": ["Human factors"],
        "organisations": ["Ashworth Valley Health Board"],
        "outcomes": [("Insulin errors reported per month", 30, 12, "")],
        "problem": "Insulin errors kept happening despite training and reminders.",
        "actions": "Human factors specialists watched how staff used the chart and found confusing layouts "
        "and abbreviations. Staff tested three redesigns.",
        "results": "Reported insulin errors fell from 30 to 12 a month.",
        "lessons": "Fixing the design worked where telling people to be careful had not.",
        "next_steps": "Reviewing anticoagulant charts in the same way.",
        "days": 99,
    },
    {
        "title": "Peer support workers on acute mental health wards",
        "summary": "Peer support workers joined ward teams; restraint fell by a third and patients felt more hopeful.",
        "region": "London",
        "topics": ["Mental health", "Patient experience", "Patient safety"],
        "settings": ["Mental health services"],
        "approaches": ["Co-production"],
        "organisations": ["Vale and Moor Mental Health Partnership"],
        "outcomes": [("Restraint incidents per month", 36, 24, "")],
        "problem": "Patients described wards as frightening, and restraint was used too often.",
        "actions": "Six peer support workers with lived experience joined the ward teams, taking part in "
        "handovers and ward rounds.",
        "results": "Restraint fell from 36 to 24 incidents a month.",
        "lessons": "Peer workers needed supervision of their own and a clear place in the team.",
        "next_steps": "Peer support in community teams.",
        "days": 102,
    },
    {
        "title": "Appreciative inquiry to rebuild a struggling team",
        "summary": "A district nursing team used appreciative inquiry after a difficult inspection; vacancies "
        "fell and staff stayed.",
        "region": "North East and Yorkshire",
        "topics": ["Staff wellbeing and engagement"],
        "settings": ["Community services"],
        "approaches": ["Appreciative inquiry"],
        "organisations": ["Riverside Community Health"],
        "outcomes": [("Vacancy rate", 22, 8, "%"), ("Staff turnover", 24, 11, "%")],
        "problem": "After a critical inspection, morale was low and experienced nurses were leaving.",
        "actions": "The team told stories of their best days at work and built a plan from what made those days good.",
        "results": "The vacancy rate fell from 22% to 8% and turnover from 24% to 11%.",
        "lessons": "Starting from strengths gave people energy to tackle the real problems.",
        "next_steps": "Sharing the approach with other community teams.",
        "days": 105,
    },
    {
        "title": "Early warning scores in care homes",
        "summary": "Care home staff used a soft-signs tool and early warning scores to spot deterioration, and "
        "emergency admissions from the homes fell.",
        "region": "Wales",
        "topics": ["Patient safety", "Frailty and older people"],
        "settings": ["Care homes", "Primary care"],
        "approaches": ["Model for Improvement (PDSA)"],
        "organisations": ["Millbrook Care Homes Group", "Greyfriars Medical Practice"],
        "outcomes": [("Emergency admissions from care homes", 38, 27, "per month")],
        "problem": "Residents became very unwell before anyone called for help.",
        "actions": "Care staff learned to record observations and recognise soft signs, and could call a GP "
        "hotline with a shared score.",
        "results": "Emergency admissions from the homes fell from 38 to 27 a month.",
        "lessons": "A shared language between care homes and GPs made calls quicker and more useful.",
        "next_steps": "Remote monitoring for residents at highest risk.",
        "days": 108,
    },
    {
        "title": "Same-day urgent care hubs in primary care",
        "summary": "Practices pooled same-day demand into a shared hub, freeing their own appointments for "
        "patients with long-term conditions.",
        "region": "Midlands",
        "topics": ["Productivity", "Long-term conditions", "Patient flow"],
        "settings": ["Primary care"],
        "approaches": ["Lean"],
        "organisations": ["Westbrook Primary Care Network"],
        "outcomes": [("Routine appointments within two weeks", 55, 78, "%")],
        "problem": "Urgent requests crowded out planned care for people with long-term conditions.",
        "actions": "Five practices set up a shared hub for same-day needs, staffed by GPs, pharmacists and paramedics.",
        "results": "Routine appointments offered within two weeks rose from 55% to 78%.",
        "lessons": "Shared clinical records across practices were the foundation.",
        "next_steps": "Evening and weekend opening.",
        "days": 111,
    },
    {
        "title": "Improving hospital food with patients",
        "summary": "Patients and catering staff redesigned menus and mealtimes; food waste fell by 40% and "
        "satisfaction rose.",
        "region": "South East",
        "topics": ["Patient experience", "Productivity"],
        "settings": ["Acute hospital"],
        "approaches": ["Experience-based co-design"],
        "organisations": ["Harbourside University Hospitals"],
        "outcomes": [("Food wasted", 30, 18, "%"), ("Patients rating food good", 52, 79, "%")],
        "problem": "Much food was thrown away and patients said meals were cold and hard to choose.",
        "actions": "Patients, ward hosts and chefs tasted and redesigned menus together, and we protected "
        "mealtimes from ward rounds.",
        "results": "Food waste fell from 30% to 18%, and patients rating food as good rose from 52% to 79%.",
        "lessons": "Protected mealtimes needed support from doctors as well as nurses.",
        "next_steps": "Extending the menu to cultural and religious preferences.",
        "days": 114,
    },
    {
        "title": "Measuring what matters: a shared outcomes framework across a system",
        "summary": "An integrated care system agreed a small set of outcome measures with residents, and every "
        "partner now reports on them.",
        "region": "National",
        "topics": ["Data and digital", "Health inequalities"],
        "settings": ["Across the system"],
        "approaches": ["Co-production", "Statistical process control"],
        "organisations": ["Eastgate Integrated Care Board", "Southmoor Council Adult Social Care"],
        "outcomes": [("Partners reporting on shared measures", 2, 14, "organisations")],
        "problem": "Each organisation measured different things, so nobody could see whether residents' lives "
        "were improving.",
        "actions": "Residents' panels and staff chose twelve measures. We published them quarterly as SPC "
        "charts, split by area and deprivation.",
        "results": "Fourteen partner organisations now report on the shared measures.",
        "lessons": "Keeping the set small made it possible to use.",
        "next_steps": "Linking measures to funding decisions.",
        "days": 117,
    },
    {
        "title": "Quicker diagnosis for suspected cancer with a straight-to-test pathway",
        "summary": "Patients with suspected bowel cancer went straight to the right test, cutting time to "
        "diagnosis from 34 days to 15.",
        "region": "North West",
        "topics": ["Patient flow"],
        "settings": ["Acute hospital", "Primary care"],
        "approaches": ["Lean", "Model for Improvement (PDSA)"],
        "organisations": ["Northfield Teaching Hospitals NHS Foundation Trust", "Westbrook Primary Care Network"],
        "outcomes": [("Time to diagnosis", 34, 15, "days")],
        "problem": "Patients waited for a clinic appointment only to be sent for a test they could have had first.",
        "actions": "GPs used a stool test result and a nurse phone assessment to book the right test directly.",
        "results": "Time to diagnosis fell from 34 days to 15.",
        "lessons": "The nurse phone call also reassured patients and answered their questions.",
        "next_steps": "Similar pathways for lung and prostate cancer.",
        "days": 120,
    },
    {
        "title": "Reducing agency spend through a staff bank redesign",
        "summary": "Redesigning the staff bank around staff preferences reduced agency spend by £2.1 million a year.",
        "region": "Midlands",
        "topics": ["Productivity", "Staff wellbeing and engagement"],
        "settings": ["Acute hospital"],
        "approaches": ["Lean", "Co-production"],
        "organisations": ["Northfield Teaching Hospitals NHS Foundation Trust"],
        "outcomes": [("Agency spend a year", 6.4, 4.3, "£ million")],
        "problem": "Shifts went to expensive agencies because the bank was slow and inflexible.",
        "actions": "Staff told us what would make them pick up bank shifts: weekly pay, an app, and being able "
        "to choose their ward.",
        "results": "Agency spend fell from £6.4 million to £4.3 million a year.",
        "lessons": "Asking staff what they wanted was cheaper than any incentive we had tried.",
        "next_steps": "A shared bank with neighbouring trusts.",
        "days": 123,
    },
    {
        "title": "Supporting people with learning disabilities in hospital",
        "summary": "Hospital passports and a liaison nurse made hospital stays safer and easier for people with "
        "learning disabilities.",
        "region": "Northern Ireland",
        "topics": ["Health inequalities", "Patient experience", "Patient safety"],
        "settings": ["Acute hospital"],
        "approaches": ["Co-production", "Experience-based co-design"],
        "organisations": ["Ashworth Valley Health Board"],
        "outcomes": [("Admissions with a hospital passport used", 15, 72, "%")],
        "problem": "People with learning disabilities and their families said staff did not know their needs.",
        "actions": "People with learning disabilities designed an easy-read passport and trained staff alongside "
        "a liaison nurse.",
        "results": "Passports were used in 72% of admissions, up from 15%.",
        "lessons": "Training delivered by people with learning disabilities changed attitudes most.",
        "next_steps": "Reasonable adjustment flags in the electronic record.",
        "days": 126,
    },
    {
        "title": "Reducing did-not-attends with text reminders that ask",
        "summary": "Replacing one-way reminders with texts that let patients cancel or rebook cut missed "
        "appointments by a third.",
        "region": "Scotland",
        "topics": ["Productivity", "Data and digital"],
        "settings": ["Acute hospital", "Community services"],
        "approaches": ["Model for Improvement (PDSA)"],
        "organisations": ["Ashworth Valley Health Board"],
        "outcomes": [("Missed appointments", 10.5, 7, "%")],
        "problem": "One in ten appointments was missed, often by people who could not easily cancel.",
        "actions": "We tested reminder wording and timing over eight cycles, adding a simple reply to cancel "
        "or rebook.",
        "results": "Missed appointments fell from 10.5% to 7%.",
        "lessons": "Making cancelling easy reduced missed appointments more than stern wording did.",
        "next_steps": "Offering freed slots to people on the waiting list automatically.",
        "days": 129,
    },
    {
        "title": "Positive deviance in hand hygiene",
        "summary": "Wards with the best hand hygiene shared their habits with others, and compliance rose across "
        "the hospital.",
        "region": "East of England",
        "topics": ["Patient safety"],
        "settings": ["Acute hospital"],
        "approaches": ["Positive deviance"],
        "organisations": ["Harbourside University Hospitals"],
        "outcomes": [("Hand hygiene compliance", 71, 92, "%")],
        "problem": "Audits and posters had not improved hand hygiene for years.",
        "actions": "We asked staff on the best-performing wards what they did differently, and they led "
        "sessions on other wards.",
        "results": "Compliance rose from 71% to 92% across the hospital.",
        "lessons": "Ideas from colleagues were trusted more than instructions from the infection team.",
        "next_steps": "Using the same approach for antibiotic prescribing.",
        "days": 132,
    },
    {
        "title": "A virtual ward for people with heart failure",
        "summary": "Remote monitoring at home let people with heart failure leave hospital sooner, with fewer "
        "readmissions.",
        "region": "South West",
        "topics": ["Long-term conditions", "Data and digital", "Patient flow"],
        "settings": ["Community services", "Acute hospital"],
        "approaches": ["Model for Improvement (PDSA)"],
        "organisations": ["Three Rivers Community Trust", "Northfield Teaching Hospitals NHS Foundation Trust"],
        "outcomes": [("Readmissions within 30 days", 24, 15, "%"), ("Length of stay", 9, 6, "days")],
        "problem": "People with heart failure stayed in hospital for monitoring that could be done at home.",
        "actions": "Patients went home with scales and a blood pressure monitor; a nurse team reviewed readings daily.",
        "results": "Readmissions within 30 days fell from 24% to 15%, and length of stay from 9 to 6 days.",
        "lessons": "Patients needed a person to call, not only a device.",
        "next_steps": "Including people with COPD.",
        "days": 135,
    },
    {
        "title": "Shared decision making in orthopaedic clinics",
        "summary": "Decision aids and longer conversations helped patients choose between surgery and other "
        "options; more chose physiotherapy first.",
        "region": "London",
        "topics": ["Patient experience"],
        "settings": ["Acute hospital"],
        "approaches": ["Co-production"],
        "organisations": ["Harbourside University Hospitals"],
        "outcomes": [("Patients who felt involved in the decision", 61, 89, "%")],
        "problem": "Patients said they felt rushed into surgery without understanding the alternatives.",
        "actions": "Patients and surgeons designed decision aids for knee and hip problems, sent before the "
        "appointment.",
        "results": "Patients who felt involved in the decision rose from 61% to 89%.",
        "lessons": "Sending information before the appointment gave patients time to think of questions.",
        "next_steps": "Decision aids for spinal surgery.",
        "days": 138,
    },
]

COLLECTIONS = [
    {
        "title": "Improving productivity: resources",
        "slug": "improving-productivity",
        "featured": True,
        "introduction": "Productivity in health and care means more time for patients and less wasted effort "
        "for staff, not working harder. These case studies show teams who found that time: by removing "
        "steps from processes, matching capacity to demand and starting on time.\n\nStart with the "
        "**62% shorter process lead times** programme for a system-wide view, then look at the smaller, "
        "local examples.",
        "items": [
            (
                "62% shorter process lead times across five trusts: how we did it",
                "A system-wide programme with lasting results.",
            ),
            ("Theatre productivity: starting lists on time", "Simple changes to the morning routine."),
            ("Making outpatient clinics productive with a clinic template review", "Using each team's own data."),
            ("Lean in community pharmacy: reducing waits for prescriptions", "Lean outside the hospital."),
            ("Using SPC to manage demand in a GP practice", "Matching capacity to predictable demand."),
            ("Reducing agency spend through a staff bank redesign", "Productivity through staff choice."),
        ],
    },
    {
        "title": "Listening to patients and staff",
        "slug": "listening-to-patients-and-staff",
        "featured": False,
        "introduction": "Improvement that starts from what people say about their care and their work. "
        "Each of these case studies involved patients, families or staff as partners, not only as sources "
        "of feedback.",
        "items": [
            ("A patient experience evidence library that teams actually use", ""),
            ("Staff engagement principles distilled by 300 people", ""),
            ("Co-designing a calmer children's outpatient department", ""),
            ("Listening to night staff: improving wellbeing on night shifts", ""),
            ("Involving young people in redesigning mental health services", ""),
        ],
    },
]

# How ideas spread: case studies written by organisations that adapted another's work, each with
# the email of its demo author. The first adapts the falls work above and is itself adapted by the
# second, so the demo shows a chain of three.
ADAPTED_CASE_STUDIES = [
    (
        "member@example.org",
        {
            "title": "Fewer falls on community hospital wards: adapting an acute trust's PDSA approach",
            "summary": "Two community hospital wards took a falls programme from an acute trust, changed it to "
            "fit fewer nurses at night, and reduced falls with harm by 39%.",
            "region": "North West",
            "topics": ["Patient safety", "Frailty and older people"],
            "settings": ["Community services"],
            "approaches": ["Model for Improvement (PDSA)", "Statistical process control"],
            "organisations": ["Riverside Community Health"],
            "outcomes": [
                ("Falls with harm per 1,000 bed days", 3.1, 1.9, ""),
                ("Lying and standing blood pressure done", 15, 74, "%"),
            ],
            "problem": "Our rehabilitation wards care for older people recovering from illness, most of them "
            "at risk of falling. At night one nurse and one care assistant cover 22 beds.",
            "actions": "We started from Northfield's published falls work and kept its small tests of change. "
            "A bay nurse was not possible with our staffing, so therapy staff became **bay buddies** at the "
            "busiest times of day, and night staff did a two-minute safety round at the start of each shift.",
            "results": "Falls with harm fell from 3.1 to 1.9 per 1,000 bed days over nine months. Lying and "
            "standing blood pressure on admission rose from 15% to 74%.",
            "lessons": "Copying the changes exactly would have failed: the principle (someone always watching "
            "the bay) travelled, the role did not. Talking to the original team saved us months.",
            "next_steps": "Sharing our version with care homes in the area.",
            "days": 9,
        },
    ),
    (
        "carehomes@example.org",
        {
            "title": "Fewer falls in care homes with a daily falls huddle",
            "summary": "Six care homes adapted a community hospital's falls work into a ten-minute daily "
            "huddle led by care assistants, and falls fell by a third.",
            "region": "Midlands",
            "topics": ["Patient safety", "Frailty and older people"],
            "settings": ["Care homes"],
            "approaches": ["Model for Improvement (PDSA)"],
            "organisations": ["Millbrook Care Homes Group"],
            "outcomes": [
                ("Falls per 1,000 occupied bed days", 9.2, 6.1, ""),
                ("Residents reviewed within 24 hours of a fall", 35, 88, "%"),
            ],
            "problem": "Falls were the most common harm in our homes. Each home had a falls policy, but care "
            "assistants, who know residents best, were rarely asked what would help.",
            "actions": "We adapted Riverside's bay buddy idea: a daily ten-minute huddle, led by a care "
            "assistant, names the residents most at risk that day and who keeps an eye on them. After any "
            "fall the resident's GP reviews their medicines within a day.",
            "results": "Falls fell from 9.2 to 6.1 per 1,000 occupied bed days across six homes in a year. "
            "Reviews within 24 hours of a fall rose from 35% to 88%.",
            "lessons": "Care assistants leading the huddle made it stick. The homes that tried to run it from "
            "the office gave up within weeks.",
            "next_steps": "All twelve homes in the group start the huddle this spring.",
            "days": 4,
        },
    ),
]

# (case study title, adapting member's email, organisation, what they change, status, their own case study)
ADAPTATIONS = [
    (
        "Reducing falls on older people's wards with PDSA cycles",
        "member@example.org",
        "Riverside Community Health",
        "Community hospital wards with fewer nurses at night: therapy staff as bay buddies instead of a bay nurse.",
        "done",
        "Fewer falls on community hospital wards: adapting an acute trust's PDSA approach",
    ),
    (
        "Fewer falls on community hospital wards: adapting an acute trust's PDSA approach",
        "carehomes@example.org",
        "Millbrook Care Homes Group",
        "A daily huddle led by care assistants, and a GP medicines review after any fall.",
        "spreading",
        "Fewer falls in care homes with a daily falls huddle",
    ),
    (
        "Reducing did-not-attends with text reminders that ask",
        "practice@example.org",
        "Westbrook Primary Care Network",
        "Reminders in the five languages most spoken in our area.",
        "spreading",
        None,
    ),
    (
        "Reducing did-not-attends with text reminders that ask",
        "member@example.org",
        "Riverside Community Health",
        "For community clinic appointments, sent three days ahead rather than two.",
        "testing",
        None,
    ),
    (
        "Reducing did-not-attends with text reminders that ask",
        "carehomes@example.org",
        "Millbrook Care Homes Group",
        "Reminders go to residents' families for hospital appointments.",
        "planning",
        None,
    ),
    (
        "Using SPC to manage demand in a GP practice",
        "practice@example.org",
        "Westbrook Primary Care Network",
        "One shared chart of same-day demand across four practices.",
        "testing",
        None,
    ),
    (
        "Using SPC to manage demand in a GP practice",
        "member@example.org",
        "Riverside Community Health",
        "Charting referrals to community nursing instead of GP appointments.",
        "planning",
        None,
    ),
]
