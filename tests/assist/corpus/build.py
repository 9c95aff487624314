# ruff: noqa: RUF001 (the extracts are quoted with their own quotation marks and dashes)
"""Build the corpus's Word and PDF documents from the extracts written out below.

The plain-text documents are committed as they are. Each .docx and .pdf here is built from
its extract, quoted from the partnership's public page (see `<name>.expected.json` for the
source), laid out as the source laid it out: real Word heading, list and table styles; in a
PDF, headings in larger bold type, lists, tables, and a running header and page number.

The output is deterministic (fixed document dates and zip entry times), so rebuilding
without a change to this file leaves the committed files as they are:

    PYTHONPATH=. .venv/bin/python tests/assist/corpus/build.py
"""

import datetime
import html
import io
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime.datetime(2026, 12, 4, 12, 0, 0, tzinfo=datetime.UTC)
ZIP_TIME = (2026, 12, 4, 12, 0, 0)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    small: bool = False  # a date line or caption, in smaller type


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Numbered:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    header: bool = True  # whether the first row is a header row


Block = Heading | Para | Bullets | Numbered | Table


@dataclass(frozen=True)
class Extract:
    name: str  # file name without extension
    running_header: str
    blocks: tuple[Block, ...]


WORD: tuple[Extract, ...] = (
    Extract(
        "luton_business_plan",
        "Luton Safeguarding Children Partnership",
        (
            Heading("Luton Safeguarding Children’s BUSINESS PLAN 2020 – 2022"),
            Para("The Safeguarding Partnerships should:"),
            Para(
                "a) Have an informed understanding of safeguarding arrangements and performance "
                "in single agencies and an authoritative oversight of the quality of front-line "
                "multi agency practice."
            ),
            Para(
                "b) Have effective governance arrangements and operating structure, with clear "
                "lines of accountability with other strategic partnerships, and be able to "
                "demonstrate its influence on the work of those partnerships. Boards have a "
                "strong culture of challenge that is the responsibility of all Board members."
            ),
            Para(
                "c) Ensure learning from audits, case reviews, Serious Case Reviews, Significant "
                "Incidents and Safeguarding Adult Reviews is identified and is used to develop "
                "practice and service provision."
            ),
            Para(
                "d) Ensure the provision of high quality multi agency safeguarding training and "
                "evaluate the impact on practice of such training."
            ),
            Para(
                "The Board has also identified one joint area (with the LSAB) and three key "
                "areas to focus its work upon:"
            ),
            Bullets(
                (
                    "Domestic abuse ( joint with LSAB)",
                    "Implementing learning from SCR/CSPRs",
                    "Neglect ( Pan beds)",
                    "Children’s Emotional Wellbeing and Mental Health ( Pan Beds)",
                )
            ),
        ),
    ),
    Extract(
        "cambs_peterborough_priorities",
        "Cambridgeshire and Peterborough Safeguarding Partnership Boards",
        (
            Heading("Partnership Board Priorities"),
            Para(
                "The 2020-2022 priorities for the Safeguarding Partnership Boards expired at the "
                "end of March 2022. For the past few months we have been carrying out "
                "consultation with partner agencies and Board/ sub group members to gain views "
                "on what the areas of priority should be for 2022-2024. This information was "
                "discussed at the Executive Safeguarding Partnership Board on the 4th May and "
                "the following priority areas were agreed;"
            ),
            Heading("Children’s Priority Areas", 3),
            Bullets(
                (
                    "Neglect",
                    "Child Sexual Abuse",
                    "Child Exploitation (including contextual safeguarding)",
                    "Messages from case reviews",
                )
            ),
            Heading("Adult’s Priority Areas", 3),
            Bullets(
                (
                    "Mental Capacity",
                    "Vulnerable people who do not meet statutory threshold for services",
                    "Messages from case reviews",
                )
            ),
            Para(
                "Whilst we are aware that work has already taken place in 2020-2022 against some "
                "of these priorities, it is recognised that there is still a need to embed the "
                "work across the partnership and ensure that it is having a positive impact on "
                "practice."
            ),
            Heading("Structure", 2),
            Bullets(
                (
                    "Executive Safeguarding Board",
                    "Safeguarding Partnership Boards",
                    "Quality and Effectiveness Groups",
                    "Safeguarding Adults Review group",
                    "Child Safeguarding Practice Review group",
                    "Child Death Overview Panel",
                    "Time Limited Workstreams",
                )
            ),
            Para(
                "Membership of the Executive Safeguarding Partnership Board will consist of "
                "senior directors from the three statutory partners (Health (ICS), Police and "
                "Local Authority) for both Cambridgeshire and Peterborough and will look at both "
                "adults and children’s safeguarding."
            ),
        ),
    ),
    Extract(
        "coventry_annual_report",
        "Coventry Safeguarding Children Partnership",
        (
            Heading("Coventry Safeguarding Children's Partnership Annual Report"),
            Heading("Briefing Note of the Director of Children’s Services", 2),
            Para(
                "The Board considered a briefing note of the Safeguarding Boards Business Manager "
                "which introduced the Safeguarding Children’s Partnership Annual Report "
                "2021-2022. The full report was appended at Appendix A."
            ),
            Para(
                "The Independent Chair of the Coventry Safeguarding Children Partnership, "
                "together with the Safeguarding Boards Business Manager introduced the annual "
                "report and provided progress on the three key priorities; (i) neglect, (ii) "
                "contextual safeguarding and (iii) making the system work.  The report further "
                "provided information on what had worked well, area of concerns and what needed "
                "to happen for each of the priorities."
            ),
            Para("The following points were highlighted:"),
            Bullets(
                (
                    "Despite the ongoing effects of the Covid pandemic, professionals from across "
                    "the Partnership kept safeguarding at the forefront of daily activity and the "
                    "ability to meet remotely resulted in a greater number of partners being able "
                    "to attend meetings and be more involved",
                    "A Neglect toolkit had been developed and shared across the partnership",
                    "Continued improvement in the learning culture tailored events which provided "
                    "an opportunity to share learning from safeguarding practice reviews",
                    "West Midlands Police have invested heavily in hidden vulnerability training "
                    "with greater focus around the voice of the child",
                )
            ),
        ),
    ),
    Extract(
        "islington_priorities",
        "Islington Safeguarding Children Partnership",
        (
            Para(
                "These 2024-2026 priorities reflect our desire to improve the collective "
                "effectiveness of agencies in four key areas:"
            ),
            Heading(
                "Structural Inequalities (aligned with current Disproportionality and Inequality):",
                2,
            ),
            Para(
                "Themes around intersectionality, structural racism, and disproportionality are "
                "consistently present. The need for a better understanding of these systemic "
                "issues and their impacts on various groups, coupled with a drive for more "
                "inclusive and equitable practices, was a common thread in the feedback."
            ),
            Heading("Family Wellbeing (Early Intervention and Prevention):", 2),
            Para(
                "There's a strong emphasis on the need for early identification and "
                "intervention in various issues impacting children's welfare. This includes "
                "shifting from reactive to proactive approaches, focusing on preventative "
                "strategies, and the need for multi-agency collaboration for early help and "
                "support"
            ),
            Heading(
                "Social Emotional Mental Health (SEMH), Special Educational Needs Disability "
                "(SEND) and Inclusion:",
                2,
            ),
            Para(
                "The mental health of children, especially those with SEND (SEND Projection "
                "Report, 2022), is a prominent concern. The rise in mental health issues, "
                "including SEMH (Joint Strategic Needs Assessment 2023), and their link to "
                "various factors like online safety, domestic violence, poverty, and neglect is "
                "repeatedly highlighted. This also highlighted a refocus of Transitional "
                "Safeguarding and how can the Partnership link these issues in a SEND and SEMH "
                "capacity."
            ),
            Heading("Neglect and Parental Factors:", 2),
            Para(
                "Neglect and issues arising from parental factors such as mental health (also "
                "developmental trauma), substance misuse, and domestic abuse feature "
                "prominently. This suggests a need for improved strategies and tools to assess "
                "and address neglect, along with a more trauma-informed approach to parental "
                "issues. Understanding new contributing factors such as supervision on online "
                "activity."
            ),
        ),
    ),
    Extract(
        "plymouth_business_strategy",
        "Plymouth Safeguarding Children Board",
        (
            Heading("Keeping children safe: new business strategy"),
            Para(
                "The Plymouth Safeguarding Children Board’s (PSCB) Business Strategy has been "
                "approved for the period 2018-2020. It sets out the PSCB vision and mission "
                "statement, and identifies the core priorities and strategic objectives that "
                "will drive the work of the PSCB partners both now and during the period the "
                "PSCB transitions into the new multi-agency safeguarding arrangements (Working "
                "Together to Safeguard Children 2018 (WTG18))."
            ),
            Para(
                "PSCB agreed to place its focus on the five core priorities outlined below. "
                "Excellent work has been achieved over the previous business year which has "
                "seen the development of key strategies and plans, and the strengthening of our "
                "quality assurance framework over the coming year. The Board felt it was "
                "important to maintain momentum and to develop a shared a vision and value "
                "within which leaders can create an environment and systems in which "
                "multi-agency work can flourish and children are safeguarded and their welfare "
                "promoted."
            ),
            Heading("Priority One", 2),
            Para("Prevent Abuse"),
            Heading("Priority Two", 2),
            Para("Provide Quality Assurance"),
            Heading("Priority Three", 2),
            Para("Put Learning into Practice"),
            Heading("Priority Four", 2),
            Para("Improve outcomes for children, young people and families"),
            Heading("Priority Five", 2),
            Para("Promote children and young people’s emotional health and wellbeing."),
            Para(
                "Cognizant of the requirements of WTG 18, the Business Strategy also identifies "
                "two business priorities to:-"
            ),
            Numbered(
                (
                    "Provide positive transitional arrangements for local safeguarding;",
                    "Ensures the child’s voice and experience influences local safeguarding "
                    "arrangements.",
                )
            ),
            Para("Please note that the following key threads run though all priorities:-"),
            Bullets(
                (
                    "ensure that our work is child centred and we continually seek to engage and "
                    "involve children, young people and families;",
                    "promote multi-agency partnership working – including the voluntary and "
                    "community sectors;",
                    "provide a line of sight into multi-agency practice;",
                )
            ),
        ),
    ),
    Extract(
        "llr_business_plan",
        "LLR Safeguarding Children Partnerships Business Plan 2021-22",
        (
            Heading(
                "LLR SAFEGUARDING CHILDREN PARTNERSHIPS BUSINESS PLAN APRIL 2021 to MARCH 2022 "
                "(v1.0)"
            ),
            Para(
                "This plan outlines the priorities of the Leicestershire Safeguarding Children "
                "Partnership Board and Leicestershire & Rutland Safeguarding Children "
                "Partnership for 2021-2022. In addition to the priorities identified for this "
                "year the Partnership will continue to operate business as usual to improve "
                "safeguarding of children and meet its statutory obligations."
            ),
            Heading(
                "Cross Cutting Shared Priority – Understanding and responding to the impact of "
                "Covid-19 on Safeguarding adults and children",
                2,
            ),
            Para(
                "This is a joint priority with the Leicester, Leicestershire & Rutland "
                "Safeguarding Adults Boards"
            ),
            Table(
                (
                    (
                        "Rationale:",
                        "• Covid-19 continues to have a significant impact on children and on "
                        "adults with care and support needs in how they live their lives, their "
                        "support structures and services in place for them.\n"
                        "• The Safeguarding Children Partnerships and Safeguarding Adults Boards "
                        "have been monitoring and responding to safeguarding changes through the "
                        "past year. During 2021/22 we expect to move further into recovery from "
                        "Covid-19.",
                    ),
                    (
                        "Outcome statement",
                        "• Safeguarding approaches are effective in recovery from Covid-19 and "
                        "informed by learning from the pandemic.",
                    ),
                ),
                header=False,
            ),
            Para(
                "In order to work across the SCPs and SABs to understand the impact of Covid "
                "upon our workforce, and those we work to safeguard, and to support effective "
                "recovery the SABs and SCPs will meet in the second half of the year to collate "
                "and review learning and assurance related to safeguarding and the Covid-19 "
                "response and recovery and agree joint approaches going forward."
            ),
            Para(
                "In addition within our thematic SCP and SAB priorities we will consider the "
                "impact of Covid and Covid recovery and respond to it"
            ),
        ),
    ),
)

PDF: tuple[Extract, ...] = (
    Extract(
        "nel_newsletter",
        "North East Lincolnshire Safeguarding Children Partnership newsletter",
        (
            Para("Edition 4", small=True),
            Heading("Safeguarding Children Partnership Board"),
            Para(
                "The latest board meeting was held on 5 March 2025, at which there was a busy "
                "agenda which reflected the level of partnership activity since the last "
                "Safeguarding Children Partnership (SCP) Board in December 2024."
            ),
            Para("Key areas for discussion and consideration:"),
            Heading("NEL SCP performance dashboard", 2),
            Para(
                "The board considered the latest dashboard which supports the SCP to understand "
                "the effectiveness of local arrangements. The board also received a "
                "presentation of the Police data (via the vulnerability dashboard) which will "
                "greatly inform and enhance the SCP dashboard and data analysis."
            ),
            Heading("Children and adult services networking event", 2),
            Para(
                "Led through the SCP and Adult Services, along with the voluntary and community "
                "sector, a networking event has been scheduled on 8 April 2025 from 9am to 3pm "
                "at Centre 4. There will be around thirty stalls, in a market style event, "
                "representing local agencies, services and organisations relating to children "
                "and adults. The purpose is to network with partner agencies and learn more "
                "about their role and remit over coffee and cakes."
            ),
            Heading("SCP New Website Launch Event", 2),
            Para(
                "The board got a preview of the new SCP website that is currently being "
                "developed and will assist greatly with the delivery of the local arrangements. "
                "The site will be launched at an SCP event on the 6 May 2025 at Centre 4 from "
                "1pm to 4pm. There will also be a focus on child exploitation and on changes to "
                "the harmful sexual behaviour process and guidance."
            ),
            Heading("Voice and engagement", 2),
            Para(
                "Children’s Services presented work undertaken in respect of voice and "
                "engagement with children and young people. This included details of a winter "
                "wishes event where children fed back they liked the event and felt listened "
                "to. There was also clarity around the recent commitment, through the NEL "
                "Children Young People and Families ‘Stronger Together’ Strategy, around our "
                "focus on voice and engagement at an individual, service and strategic level, "
                "and to enabling engagement."
            ),
        ),
    ),
    Extract(
        "merton_priorities",
        "Merton Safeguarding Children Partnership",
        (
            Heading("MSCP Priorities"),
            Para(
                "The MSCP Business Plan 2023-25 sets out our strategic priorities that form the "
                "basis of the Partnership’s work across the year. Annual sub-group workplans set "
                "out the actions we are taking to address these."
            ),
            Para(
                "New priorities and actions may be added to our work during the year, to ensure "
                "we respond to emerging needs and ongoing learning reviews. The MSCP has also "
                "introduced and agreed a set of cross-cutting themes, alongside our refreshed "
                "priority areas for our partnership."
            ),
            Para("The MSCP priorities for 2023-25 are:"),
            Numbered(
                (
                    "Early Help",
                    "Mental Health and Wellbeing",
                    "Contextual Safeguarding",
                    "Domestic Abuse",
                    "Neglect",
                    "Strong Leadership and Strong Partnership",
                )
            ),
            Para("The MSCP cross-cutting themes for 2023-25 are:"),
            Bullets(
                (
                    "Voice of children, young people, and families",
                    "Think Family",
                    "Addressing disproportionality",
                    "Pressures on families including cost-of-living and impact of Covid-19",
                    "Learning from reviews & embedding reforms",
                )
            ),
            Para(
                "Both the priorities and cross-cutting themes are picked up by the various "
                "Sub-Groups, as outlined in the business plan and below. Annual workplans for "
                "each subgroup are updated and presented regularly to the relevant MSCP meetings "
                "by the MSCP Business Support Unit, for monitoring and exception reporting."
            ),
            Bullets(("Focus on Priorities 1 (Early Help) and 2 (Mental Health and Wellbeing)",)),
            Para(
                "This work is part of a whole system approach and is based on a clear "
                "understanding of local need. The Partnership’s priority is to ensure that there "
                "is clear coordination and quality assurance of early help and prevention work, "
                "with effective integration between the front door and a shared focus on the "
                "journey and experience of the child and family."
            ),
        ),
    ),
    Extract(
        "south_tyneside_priorities",
        "South Tyneside Safeguarding Children Partnership",
        (
            Heading("What are our priorities?"),
            Heading("VEMT", 3),
            Para(
                "The aim is for children/young people to be free from the risk and harm of "
                "exploitation, going missing, or being trafficked"
            ),
            Heading("Neglect", 3),
            Para(
                "The aim is to reduce neglect, reduce the impact of neglect and ensure help and "
                "support is provided at the earliest opportunity"
            ),
            Heading("Voice of the child", 3),
            Para(
                "The aim is to create a clear focus on the needs and experience of children and "
                "young people"
            ),
            Heading("Working together", 3),
            Para("The aim is to achieve excellent partnership working across all areas"),
            Heading("What are we trying to achieve?"),
            Heading("VEMT", 3),
            Numbered(
                (
                    "Track the number of children / young people subject to exploitation",
                    "Reduce the number of children/young people who go missing more than once",
                    "Increase the percentage of return interviews completed within agreed "
                    "timescales",
                )
            ),
            Heading("Neglect", 3),
            Numbered(
                (
                    "Reduce the number of children who are the subject of a child protection "
                    "plan for neglect",
                    "Increase the percentage of outcomes achieved in a family plan",
                    "Reduce the percentage of neglect cases which involve domestic abuse",
                )
            ),
            Heading("Voice of the child", 3),
            Numbered(
                (
                    "Children and young people feel confident to make contact with an "
                    "appropriate adult if they have safeguarding concerns",
                    "Improved opportunities for children and young people’s ‘engagement’ with "
                    "safeguarding issues",
                    "Increase the influence of the voice of the child in child protection "
                    "processes",
                )
            ),
            Heading("Working together", 3),
            Numbered(
                (
                    "Partners provide quality referrals which are referred appropriately for "
                    "timely, focused intervention",
                    "Increase the number of initial health assessments submitted for LAC within "
                    "timescales",
                    "Effective information sharing across the partnership",
                )
            ),
            Heading("What are we going to do?"),
            Heading("VEMT", 3),
            Para(
                "Prepare – strengthen the identification and assessment of those at risk of all "
                "types of exploitation, missing, trafficking"
            ),
            Para(
                "Prevent exploitation – make it more difficult to exploit children and young people"
            ),
            Para("Protect children/young people from exploitation"),
            Para(
                "Pursue perpetrators of exploitation – identify, disrupt, and prosecute offenders"
            ),
        ),
    ),
    Extract(
        "lambeth_briefings",
        "Lambeth Safeguarding Children Partnership",
        (
            Heading("7 Minute Briefings"),
            Para(
                "7-minute briefings are designed to concisely share information that we have "
                "learnt from local and national learning processes. They are ideal both for "
                "self-guided learning and reflective group discussions (for example, team "
                "meetings)."
            ),
            Para("01 August 2025", small=True),
            Heading("Responding to physical abuse", 2),
            Para(
                "In June 2025, the LSCP completed a multiagency audit looking at the "
                "effectiveness of local responses to children who disclose physical harm by "
                "their parents."
            ),
            Para(
                "This LSCP 7-minute briefing summarises the key findings in relation to local "
                "safeguarding responses and outlines what the partnership will do next, "
                "alongside some handy resources."
            ),
            Para("01 August 2025", small=True),
            Heading("Safeguarding self-assessments", 2),
            Para(
                "In June 2025, the LSCP completed a report looking at the effectiveness of local "
                "safeguarding arrangements based on self-assessment audit activity completed by "
                "local agencies throughout January."
            ),
            Para(
                "This LSCP 7-minute briefing summarises the key findings in relation to local "
                "safeguarding measures and outlines what the partnership will do next, alongside "
                "some handy resources."
            ),
            Para("24 April 2025", small=True),
            Heading("“It’s Silent”: Race, racism & safeguarding children", 2),
            Para(
                "In March 2025, the National Child Safeguarding Practice Review Panel published "
                "its thematic review titled “It’s Silent” examining the impact of race, "
                "ethnicity and culture on multiagency practice where children have suffered "
                "serious harm or died."
            ),
            Para(
                "This LSCP 7-minute briefing summarises the key findings and aims to aid "
                "professional discussion and reflection within team meetings and staff "
                "briefings."
            ),
            Heading('"I wanted them all to notice"', 2),
            Para(
                "In November 2024, the National Child Safeguarding Practice Review Panel "
                "published “I wanted them all to notice” exploring the challenges in the "
                "identification, assessment and response to child sexual abuse within the "
                "family environment."
            ),
            Para(
                "This LSCP 7-minute briefing summarises the key learning points from the review "
                "and highlights the local support and resources available to help embed good "
                "practice."
            ),
        ),
    ),
    Extract(
        "hampshire_practice_week",
        "Hampshire Safeguarding Children Partnership",
        (
            Heading("Hampshire Safeguarding Practice Week: Learning from Reviews"),
            Para(
                "Date: Monday, 24th Jun 2024 | Category: Safeguarding Practice Weeks, STOP "
                "Packs, Toolkits",
                small=True,
            ),
            Para(
                "Hampshire Safeguarding Children Partnership’s (HSCP) is delighted to announce "
                "the launch of its Safeguarding Practice Week for multi-agency professionals "
                "working with children and families in the Hampshire. Taking place from 24-28 "
                "June 2024, the focus of this week is on Learning from Reviews."
            ),
            Para(
                "Developed by HSCP, this initiative aims to address the need for a different "
                "approach to learning from reviews to safeguard and promote the welfare of "
                "children in Hampshire."
            ),
            Para(
                "The Safeguarding Practice Week will highlight the recurring themes or "
                "‘perennial practice challenges’ from both national and local reviews (known as "
                "Child Safeguarding Practice Reviews). Through the launch of a new Learning from "
                "Reviews Toolkit and Safeguarding Theme Overview Pack, multi-agency "
                "practitioners will be provided with the tools, training and resources to apply "
                "key learning to their everyday practice."
            ),
            Table(
                (
                    ("Day", "Perennial practice challenge"),
                    (
                        "Monday",
                        "Introducing:\n· Learning from Reviews Toolkit\n"
                        "· Safeguarding Theme Overview Pack",
                    ),
                    ("Tuesday", "· Information exchange\n· Risk & critical thinking"),
                    (
                        "Wednesday",
                        "· Family engagement\n· Honest conversations\n· Professional curiosity",
                    ),
                    ("Thursday", "· Resolution\n· Disproportionality\n· Supervision"),
                    ("Friday", "· Myth-busting\n· Agency responsibilities"),
                )
            ),
            Para(
                "Safeguarding children is complex and reliant on a wide range of services "
                "working together. Ongoing development of knowledge, skills, and confidence is "
                "essential for multi-agency professionals working with children and families."
            ),
            Para(
                "One key area for strengthening multi-agency practice lies in learning from "
                "reviews."
            ),
        ),
    ),
    Extract(
        "solihull_partnership",
        "Solihull Safeguarding Children Partnership",
        (
            Heading("What is the Safeguarding Children Partnership?"),
            Para(
                "The statutory guidance Working Together to Safeguard Children (2018) introduced "
                "a requirement for new multi-agency safeguarding arrangements to replace Local "
                "Safeguarding Children Boards. The responsibility for ensuring implementation of "
                "the new arrangements was given to the three named Safeguarding Partners; the "
                "local authority, the police and the clinical commissioning groups. These three "
                "partners have a shared and equal duty to make arrangements to work together to "
                "safeguard and promote the welfare of all children in the local area. Solihull’s "
                "new multi-agency safeguarding arrangements are known as the Safeguarding "
                "Children Partnership."
            ),
            Para("The three named Safeguarding Partners for Solihull are:"),
            Bullets(
                (
                    "Chief Executive of Solihull Metropolitan Borough Council",
                    "Chief Constable of West Midlands Police",
                    "Accountable Officer for Birmingham and Solihull Integrated Care Board",
                )
            ),
            Para(
                "The senior officer delegates for the three named Safeguarding Partners, along "
                "with a schools representative, work together as an executive group for the "
                "purposes of strategic decision making and to hold each other to account. A "
                "wider group of relevant safeguarding partners across Solihull are directly "
                "engaged with the work of the Safeguarding Children Partnership through "
                "membership of its sub groups."
            ),
            Heading("Vision Statement", 2),
            Para("Listening, Learning and Improving Outcomes for Children and Young People."),
            Heading("Values", 2),
            Bullets(
                ("Respectful Challenge", "Accountability", "Listening", "Learning", "Inclusion")
            ),
            Para("Our ‘Working Together’ as a Partnership is underpinned by:"),
            Bullets(
                (
                    "Always asking ‘so what’ is the impact?",
                    "Honesty and respectful challenge of one another",
                    "Active participation by everyone",
                    "Being guided by the ‘voice of the child’ and our practitioners",
                    "Sharing the responsibility and risk",
                    "Holding one another to account for delivery",
                )
            ),
            Para("Solihull SCP has three key priorities for 2022/2023:"),
            Bullets(
                (
                    "Implementation of the Neglect Strategy",
                    "Improvement and Learning: JTAI and National Review",
                )
            ),
        ),
    ),
)


def word_bytes(document: Extract) -> bytes:
    """The document as a .docx, with fixed dates so that rebuilding gives the same bytes."""
    word = docx.Document()
    properties = word.core_properties
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.author = properties.last_modified_by = "corpus build"
    properties.title = document.running_header
    properties.revision = 1
    word.sections[0].header.paragraphs[0].text = document.running_header
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            word.add_paragraph(block.text, style="Caption" if block.small else None)
        elif isinstance(block, Bullets | Numbered):
            style = "List Bullet" if isinstance(block, Bullets) else "List Number"
            for item in block.items:
                word.add_paragraph(item, style=style)
        else:
            _word_table(word, block)
    out = io.BytesIO()
    word.save(out)
    return _fixed_zip(out.getvalue())


def _word_table(word: WordDocument, block: Table) -> None:
    table = word.add_table(rows=len(block.rows), cols=len(block.rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_number, row in enumerate(block.rows):
        for column, text in enumerate(row):
            cell = table.cell(row_number, column)
            cell.text = text
            if row_number == 0 and block.header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated ZIP_TIME, in the same order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


STYLE = """
@page {
  size: A4; margin: 25mm 20mm;
  @top-center { content: "%(header)s"; font-size: 8pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
}
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 18pt; font-weight: bold; color: #1d3c6e; margin: 0 0 10pt; }
h2 { font-size: 14pt; font-weight: bold; color: #1d3c6e; margin: 14pt 0 6pt; }
h3 { font-size: 12pt; font-weight: bold; margin: 10pt 0 4pt; }
p.small { font-size: 8.5pt; color: #555; }
table { border-collapse: collapse; width: 100%%; margin: 8pt 0; }
th, td { border: 0.6pt solid #444; padding: 4pt 6pt; vertical-align: top; text-align: left; }
th { background: #dde4ef; font-weight: bold; }
"""


def pdf_html(document: Extract) -> str:
    parts = []
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            css = " class='small'" if block.small else ""
            parts.append(f"<p{css}>{html.escape(block.text)}</p>")
        elif isinstance(block, Bullets | Numbered):
            tag = "ul" if isinstance(block, Bullets) else "ol"
            items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
            parts.append(f"<{tag}>{items}</{tag}>")
        else:
            rows = list(block.rows)
            head = ""
            if block.header:
                cells = "".join(f"<th>{_cell_html(cell)}</th>" for cell in rows.pop(0))
                head = f"<thead><tr>{cells}</tr></thead>"
            body = "".join(
                "<tr>" + "".join(f"<td>{_cell_html(cell)}</td>" for cell in row) + "</tr>"
                for row in rows
            )
            parts.append(f"<table>{head}<tbody>{body}</tbody></table>")
    style = STYLE % {"header": document.running_header.replace('"', "'")}
    return (
        "<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(document.running_header)}</title>"
        f"<style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )


def _cell_html(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def pdf_bytes(document: Extract) -> bytes:
    import weasyprint  # slow to import: only building needs it

    return bytes(weasyprint.HTML(string=pdf_html(document)).write_pdf())


def build(names: Sequence[str] = ()) -> list[Path]:
    written = []
    for document in WORD:
        if not names or document.name in names:
            path = HERE / f"{document.name}.docx"
            path.write_bytes(word_bytes(document))
            written.append(path)
    for document in PDF:
        if not names or document.name in names:
            path = HERE / f"{document.name}.pdf"
            path.write_bytes(pdf_bytes(document))
            written.append(path)
    return written


if __name__ == "__main__":
    for path in build(sys.argv[1:]):
        print(f"{path.name}: {path.stat().st_size:,} bytes")
