"""Person-checked restoration cases from the three real English-model OCR samples (issue 3).

Each row is one OCR line from ``../shared/samples/<name>.ocr-eng.txt`` and its correct Vietnamese, read and
checked by a person (whitespace tokens line up one to one, so every damaged token is a case: see
``test_table_has_enough_cases``). Lines the restorer cannot fully fix by design stay in with their true
reading (a lone "1" for "là" and "601" for "đổi" are numbers, "04-CTr/BU" is a code, "¥" has no letter):
the floors below leave room for them, they are not hidden.

With the samples present, whole documents are restored and the lines are read back out of them (the
context the pipeline has); without them, each line is restored on its own, which gives less context.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

# (sample, OCR line as Tesseract -l eng gave it, person-checked correct line)
CASES: list[tuple[str, str, str]] = [
    # --- hoang_mai (UBND phường Hoàng Mai, 99/KH-UBND)
    ("hoang_mai", "Thyc hién Nghi quyét s6 57-NQ-TW ngay 22/12/2024 ciia B6 Chinh trj vé",
     "Thực hiện Nghị quyết số 57-NQ-TW ngày 22/12/2024 của Bộ Chính trị về"),
    ("hoang_mai", "d6t pha phat trién khoa hoc, cong nghé, d6i méi sang tao va chuyén déi sé qubc",
     "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc"),
    ("hoang_mai", "gia (sau day viét tit 1a Nghi quyét sd 57); Ké hoach sé 190/KH-UBND ngay",
     "gia (sau đây viết tắt là Nghị quyết số 57); Kế hoạch số 190/KH-UBND ngày"),
    ("hoang_mai", "a) Trién khai phong trao thi dua sau rdng, thiét thuc, gén v61 nhi€ém vu",
     "a) Triển khai phong trào thi đua sâu rộng, thiết thực, gắn với nhiệm vụ"),
    ("hoang_mai", "chinh tri, chuyén mén cua timg dia phuong, co quan, don vi bao dam thiét thuc,",
     "chính trị, chuyên môn của từng địa phương, cơ quan, đơn vị bảo đảm thiết thực,"),
    ("hoang_mai", "hi€u qud, voi ndi dung, hinh thirc phong phu;",
     "hiệu quả, với nội dung, hình thức phong phú;"),
    ("hoang_mai", "kip thoi phat hién, biéu duong, ton vinh, khich 1¢, khen thuéng, nhan rong cac",
     "kịp thời phát hiện, biểu dương, tôn vinh, khích lệ, khen thưởng, nhân rộng các"),
    ("hoang_mai", "dién hinh tién tién, cac tap thé, c4 nhan c6 thanh tich trong Phong trao thi dua va",
     "điển hình tiên tiến, các tập thể, cá nhân có thành tích trong Phong trào thi đua và"),
    ("hoang_mai", "hoat dong nghién ctru khoa hoc, phat trién cong nghé, d6i mai sang tao, chuyén",
     "hoạt động nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo, chuyển"),
    ("hoang_mai", "II. POI TUQONG, NOI DUNG, GIAI PHAP, THOI GIAN THUC",
     "II. ĐỐI TƯỢNG, NỘI DUNG, GIẢI PHÁP, THỜI GIAN THỰC"),
    ("hoang_mai", "1. P6i twong thi dua", "1. Đối tượng thi đua"),
    ("hoang_mai", "a) Tap thé: Cac Ban dang va Vian phong Pang ty; Uy ban Mit tran To qubc",
     "a) Tập thể: Các Ban đảng và Văn phòng Đảng ủy; Ủy ban Mặt trận Tổ quốc"),
    ("hoang_mai", "Viét Nam va cac t6 chire chinh tri - x3 héi; cac co quan, don vi, TDP thuoc Phuong.",
     "Việt Nam và các tổ chức chính trị - xã hội; các cơ quan, đơn vị, TDP thuộc Phường."),
    ("hoang_mai", "b) Ca nhan: Can b0, cong chuc, vién chic, nguoi lao dong thude cac co",
     "b) Cá nhân: Cán bộ, công chức, viên chức, người lao động thuộc các cơ"),
    ("hoang_mai", "T chtc trién khai thuc hién c6 hiéu qua Nghi quyét sé 57, Quyét dinh s6",
     "Tổ chức triển khai thực hiện có hiệu quả Nghị quyết số 57, Quyết định số"),
    ("hoang_mai", "a) Thi dua ning cao nhan thirc, dot pha vé doi méi tu duy, chuyén doi s,",
     "a) Thi đua nâng cao nhận thức, đột phá về đổi mới tư duy, chuyển đổi số,"),
    ("hoang_mai", "quan 1y va md hinh hoat déng. Gén tuyén truyén cac muc tiéu, nhiém vu cia",
     "quản lý và mô hình hoạt động. Gắn tuyên truyền các mục tiêu, nhiệm vụ của"),
    ("hoang_mai", "quyét, chién lugc, chuong trinh hanh dong, muyc tiéu, nhiém vy phét trién kinh",
     "quyết, chiến lược, chương trình hành động, mục tiêu, nhiệm vụ phát triển kinh"),
    ("hoang_mai", "sang tao, chuyén doi sb, nhat 1 ha ting s6, cong nghé sb trén nguyén tic “hién",
     "sáng tạo, chuyển đổi số, nhất là hạ tầng số, công nghệ số trên nguyên tắc “hiện"),
    ("hoang_mai", "Chinh phu sb, ddy manh tng dung s trong cai cach hanh chinh, nhat 1a cai cach",
     "Chính phủ số, đẩy mạnh ứng dụng số trong cải cách hành chính, nhất là cải cách"),
    ("hoang_mai", "thil tuc hanh chinh. P6i méi toan dién viéc giai quyét thu tuc hanh chinh, cung",
     "thủ tục hành chính. Đổi mới toàn diện việc giải quyết thủ tục hành chính, cung"),
    ("hoang_mai", "Tang cudng quan 1y nha nude trén méi truong sd, Gmg dung tri tué nhén tao",
     "Tăng cường quản lý nhà nước trên môi trường số, ứng dụng trí tuệ nhân tạo"),
    ("hoang_mai", "thie, k¥ ning vé cong nghé sb va chuyén doi sé trong nhan dan, chuin bi dong",
     "thức, kỹ năng về công nghệ số và chuyển đổi số trong nhân dân, chuẩn bị đồng"),
    ("hoang_mai", "quyén qubc gia trén nén tang sd va khong gian mang. Nghién ctru, dé xuit cac",
     "quyền quốc gia trên nền tảng số và không gian mạng. Nghiên cứu, đề xuất các"),
    ("hoang_mai", "1ap niém tin sb; ting cudng giam sat, canh bao sdm va chii dong phat hién céac",
     "lập niềm tin số; tăng cường giám sát, cảnh báo sớm và chủ động phát hiện các"),
    ("hoang_mai", "Néng cao trach nhiém cia nguoi dimg dau cap uy, to chirc dang, chinh",
     "Nâng cao trách nhiệm của người đứng đầu cấp ủy, tổ chức đảng, chính"),
    ("hoang_mai", "trdo thi dua, ning cao ning luc s, thuc day d6i moi sang tao. Gan trach nhiém",
     "trào thi đua, nâng cao năng lực số, thúc đẩy đổi mới sáng tạo. Gắn trách nhiệm"),
    ("hoang_mai", "nganh, cic cp cac ting 16p nhan dan vé muc dich, ¥ nghia ctia phong trao thi",
     "ngành, các cấp các tầng lớp nhân dân về mục đích, ý nghĩa của phong trào thi"),
    ("hoang_mai", "thong tin dién tir, cAc phuong ti¢n thong tin, bdo chi véi da dang cac hinh thuc",
     "thông tin điện tử, các phương tiện thông tin, báo chí với đa dạng các hình thức"),
    ("hoang_mai", "¢) Biéu dwong, nhin réng dién hinh", "c) Biểu dương, nhân rộng điển hình"),
    # --- kim_thanh (UBND xã Kim Thành, 863/KH-UBND)
    ("kim_thanh", "XA KIM THANH Poc 1ap — Tw do — Hanh phuc", "XÃ KIM THÀNH Độc lập — Tự do — Hạnh phúc"),
    ("kim_thanh", "Phat dong, trlen khai phong trao “Kim Thanh thi dua doi moi sang tao,",
     "Phát động, triển khai phong trào “Kim Thành thi đua đổi mới sáng tạo,"),
    ("kim_thanh", "chuyén d6i s6” va “Binh din hoc vu s6” gép phin dwa dit nuéc",
     "chuyển đổi số” và “Bình dân học vụ số” góp phần đưa đất nước"),
    ("kim_thanh", "vuon minh buée vao ky nguyén giau manh va thinh vugng",
     "vươn mình bước vào kỷ nguyên giàu mạnh và thịnh vượng"),
    ("kim_thanh", "Thuc hién Cong vin s 2144/UBND-NVKTGS ngay 15/8/2025 cia UBND",
     "Thực hiện Công văn số 2144/UBND-NVKTGS ngày 15/8/2025 của UBND"),
    ("kim_thanh", "thanh phd Hai Phong vé viéc trién khai thuc hién phong trao thi dua “Ca nudc thi",
     "thành phố Hải Phòng về việc triển khai thực hiện phong trào thi đua “Cả nước thi"),
    ("kim_thanh", "Uy ban nhan dan xd Kim Thanh xay dung Ké hoach phat dong, trién khai",
     "Ủy ban nhân dân xã Kim Thành xây dựng Kế hoạch phát động, triển khai"),
    ("kim_thanh", "- Phat huy sitc manh tong hop cta ca hé thong chinh tri, sy tham gia tich cuc",
     "- Phát huy sức mạnh tổng hợp của cả hệ thống chính trị, sự tham gia tích cực"),
    ("kim_thanh", "- Khoi ddy manh mé khat vong phét trién xa Kim Thanh, phat huy tinh cha",
     "- Khơi dậy mạnh mẽ khát vọng phát triển xã Kim Thành, phát huy tính chủ"),
    ("kim_thanh", "dong, sang tao trong toan hé théng chinh tr1 va trong Nhan dan, tu luc tu cudng,",
     "động, sáng tạo trong toàn hệ thống chính trị và trong Nhân dân, tự lực tự cường,"),
    ("kim_thanh", "khai thac nang luc ndi sinh voi phuong chim ldy ngudi dan va doanh nghiép 1a",
     "khai thác năng lực nội sinh với phương châm lấy người dân và doanh nghiệp là"),
    ("kim_thanh", "- Phan dau dat va vuot cac chi tiéu, nhiém vu cu thé tai K& hoach sb",
     "- Phấn đấu đạt và vượt các chỉ tiêu, nhiệm vụ cụ thể tại Kế hoạch số"),
    ("kim_thanh", "Chuong trinh hanh dong s6 04-CTr/BU ngay 10/7/2025 cia Pang uy xa Kim",
     "Chương trình hành động số 04-CTr/ĐU ngày 10/7/2025 của Đảng ủy xã Kim"),
    ("kim_thanh", "2. Yéu ciu", "2. Yêu cầu"),
    ("kim_thanh", "- Phong trio thi dua phai duoc trién khai sau rong, dong bd, xuyén sudt dén",
     "- Phong trào thi đua phải được triển khai sâu rộng, đồng bộ, xuyên suốt đến"),
    ("kim_thanh", "vién kip thoi C&C nha sang ché, cac doanh nghiép, td churc, ca nhan c6 thanh tich",
     "viên kịp thời các nhà sáng chế, các doanh nghiệp, tổ chức, cá nhân có thành tích"),
    ("kim_thanh", "phong trao thi dua; dé cao trach nhiém cta nguoi dimg dau to chirc, co quan, don",
     "phong trào thi đua; đề cao trách nhiệm của người đứng đầu tổ chức, cơ quan, đơn"),
    ("kim_thanh", "II. NOI DUNG PHONG TRAO THI bUA", "II. NỘI DUNG PHONG TRÀO THI ĐUA"),
    ("kim_thanh", "trén dit liéu s6. Gan tuyén truyén cac myc ti€u, nhi¢ém vu cua phat trién khoa hoc,",
     "trên dữ liệu số. Gắn tuyên truyền các mục tiêu, nhiệm vụ của phát triển khoa học,"),
    ("kim_thanh", "cong nghé, d6i mdi sang tao, nhit 13 phat trién ha tang sb, cac tng dung cong nghé",
     "công nghệ, đổi mới sáng tạo, nhất là phát triển hạ tầng số, các ứng dụng công nghệ"),
    ("kim_thanh", "s6 trén nguyén tic “hién dai, dong bé, an ninh, an todn, hiéu qud, tranh lang phi”",
     "số trên nguyên tắc “hiện đại, đồng bộ, an ninh, an toàn, hiệu quả, tránh lãng phí”"),
    ("kim_thanh", "gin v6i cong tac quan 1y nha nudc trén cac linh vue, bao dam theo hudng di tit,",
     "gắn với công tác quản lý nhà nước trên các lĩnh vực, bảo đảm theo hướng đi tắt,"),
    ("kim_thanh", "dén dau.", "đón đầu."),
    ("kim_thanh", "chinh tri, phat trién dich vu cong; ting cudng quan 1y nha nudc va ning cao hiéu",
     "chính trị, phát triển dịch vụ công; tăng cường quản lý nhà nước và nâng cao hiệu"),
    ("kim_thanh", "cung cap dich vu cong truc tuyén toan trinh; tng dung dir liéu vao cac tién ich cho",
     "cung cấp dịch vụ công trực tuyến toàn trình; ứng dụng dữ liệu vào các tiện ích cho"),
    ("kim_thanh", "nang cao chét luong gido duc va dao tao, chu trong phat trién, trong dung nhan luc",
     "nâng cao chất lượng giáo dục và đào tạo, chú trọng phát triển, trọng dụng nhân lực"),
    ("kim_thanh", "tré thanh phong trao “hoc tap s&”, thudng xuyén, lién tuc, phd cp, nang cao kién",
     "trở thành phong trào “học tập số”, thường xuyên, liên tục, phổ cập, nâng cao kiến"),
    ("kim_thanh", "khong gian mang, phong chéng hiéu qua cic hoat dong pha hoai, thAm nhap hé",
     "không gian mạng, phòng chống hiệu quả các hoạt động phá hoại, thâm nhập hệ"),
    ("kim_thanh", "6. Ap dung cong nghé méi, méd hinh méi phu hop véi thuc tién va diéu kién",
     "6. Áp dụng công nghệ mới, mô hình mới phù hợp với thực tiễn và điều kiện"),
    ("kim_thanh", "gbc, mad ving trong, truy vét san pham trong nén kinh té tudn hoan gin vai phat",
     "gốc, mã vùng trồng, truy vết sản phẩm trong nền kinh tế tuần hoàn gắn với phát"),
    ("kim_thanh", "tué nhén tao (AI) hd trg phén tich, canh bao thién tai, tmg pho voi bién d6i khi hau",
     "tuệ nhân tạo (AI) hỗ trợ phân tích, cảnh báo thiên tai, ứng phó với biến đổi khí hậu"),
    ("kim_thanh", "cong nghiép theo hudng chu trong xdy dung chién lugc va co ciu to chirc thong",
     "công nghiệp theo hướng chú trọng xây dựng chiến lược và cơ cấu tổ chức thông"),
    ("kim_thanh", "xay dung cac hé thong giam sat an ninh, an toan thong minh tir xa, hd tro cong tac",
     "xây dựng các hệ thống giám sát an ninh, an toàn thông minh từ xa, hỗ trợ công tác"),
    ("kim_thanh", "va timg budc hinh thanh hé thdng cham soc sitc khoe va phong bénh dya trén cac",
     "và từng bước hình thành hệ thống chăm sóc sức khỏe và phòng bệnh dựa trên các"),
    # --- buon_ma_thuot (UBND phường Buôn Ma Thuột, 30/KH-UBND)
    ("buon_ma_thuot", "S6: 30 /KH-UBND Buén Ma Thuét, ngay 11 thang 8 nam 2025",
     "Số: 30 /KH-UBND Buôn Ma Thuột, ngày 11 tháng 8 năm 2025"),
    ("buon_ma_thuot", "Trién khai Phong trio thi dua “Ca nwéc thi dua déi méi sang tao va",
     "Triển khai Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và"),
    ("buon_ma_thuot", "chuyén doi s0” trén dia ban phwong Buon Ma Thugt",
     "chuyển đổi số” trên địa bàn phường Buôn Ma Thuột"),
    ("buon_ma_thuot", "Bu6n Ma Thudt (sau day viét tat 1a Phong trao thi dua) cu thé:",
     "Buôn Ma Thuột (sau đây viết tắt là Phong trào thi đua) cụ thể:"),
    ("buon_ma_thuot", "a) Phat huy truyen théng yéu nudc, ting cuong su lanh dao toan dién cia",
     "a) Phát huy truyền thống yêu nước, tăng cường sự lãnh đạo toàn diện của"),
    ("buon_ma_thuot", "Pang, sitc manh tong hop cua ca hé thong chinh tri, sy tham gia tich cyc cua",
     "Đảng, sức mạnh tổng hợp của cả hệ thống chính trị, sự tham gia tích cực của"),
    ("buon_ma_thuot", "d6i mdi sang tao va chuyén doi s6 qudc gia, dua dat nudc phat trién manh mé",
     "đổi mới sáng tạo và chuyển đổi số quốc gia, đưa đất nước phát triển mạnh mẽ"),
    ("buon_ma_thuot", "trong ky nguyén méi - ky nguyén giau manh va hing cuong, phan dau dén nim",
     "trong kỷ nguyên mới - kỷ nguyên giàu mạnh và hùng cường, phấn đấu đến năm"),
    ("buon_ma_thuot", "binh cao, dén nim 2045 tré thanh nudc phat trién, thu nhap cao.",
     "bình cao, đến năm 2045 trở thành nước phát triển, thu nhập cao."),
    ("buon_ma_thuot", "thac toi da nang luc noi sinh, vo1 quan diém: “Nguoi dan va doanh nghiép 1a",
     "thác tối đa năng lực nội sinh, với quan điểm: “Người dân và doanh nghiệp là"),
    ("buon_ma_thuot", "trung tam, la chu thé, nguon lyc, dong luc chinh, nha khoa hoc 1a nhan t6 then",
     "trung tâm, là chủ thể, nguồn lực, động lực chính, nhà khoa học là nhân tố then"),
    ("buon_ma_thuot", "chét; Nha nudc gitr vai tro dan dat, thuc day, tao diéu kién thuan loi nhat cho",
     "chốt; Nhà nước giữ vai trò dẫn dắt, thúc đẩy, tạo điều kiện thuận lợi nhất cho"),
    ("buon_ma_thuot", "c) Phan dau dat va vuot cac muc tiéu tai Nghi quyét s6 57-NQ/TW ngay",
     "c) Phấn đấu đạt và vượt các mục tiêu tại Nghị quyết số 57-NQ/TW ngày"),
    ("buon_ma_thuot", "sang tao va chuyén doi so qubc gia (Nghi quyét sd 57), gop phan doi méi can ban,",
     "sáng tạo và chuyển đổi số quốc gia (Nghị quyết số 57), góp phần đổi mới căn bản,"),
    ("buon_ma_thuot", "hién, biéu (duong, ton vinh, khich 1€, khen thuong, nhan rong cac dién hinh tién tién,",
     "hiện, biểu (dương, tôn vinh, khích lệ, khen thưởng, nhân rộng các điển hình tiên tiến,"),
    ("buon_ma_thuot", "Cac Phong, ban thuéc UBND phuong, UBMTTQVN Phuong va T6 dan",
     "Các Phòng, ban thuộc UBND phường, UBMTTQVN Phường và Tổ dân"),
    ("buon_ma_thuot", "chu dé, noi dung phu hop; phén d4u dat, vuot va vé dich sém cdc muc tiéu co ban,",
     "chủ đề, nội dung phù hợp; phấn đấu đạt, vượt và về đích sớm các mục tiêu cơ bản,"),
    ("buon_ma_thuot", "Nghi quyét s6 71/NQ-CP ngay 01/4/2025 cua Chinh phu sta déi bé sung, cap",
     "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi bổ sung, cập"),
    ("buon_ma_thuot", "(Nghi quyét s6 71), tap trung thi dua thyc hién cac nd1 dung chu yéu sau:",
     "(Nghị quyết số 71), tập trung thi đua thực hiện các nội dung chủ yếu sau:"),
    ("buon_ma_thuot", "quan ly va md hinh hoat dong, diéu hanh tir “truyén théng” sang khong gian 5O",
     "quản lý và mô hình hoạt động, điều hành từ “truyền thống” sang không gian số"),
    ("buon_ma_thuot", "2. Thi dua phat trlen ha tang cho phat trién khoa hoc, cong nghe, d01 moi",
     "2. Thi đua phát triển hạ tầng cho phát triển khoa học, công nghệ, đổi mới"),
    ("buon_ma_thuot", "3. Thi dua diy manh chuyén d6i sb, ung dung khoa hoc, cong nghé, 601",
     "3. Thi đua đẩy mạnh chuyển đổi số, ứng dụng khoa học, công nghệ, đổi"),
    ("buon_ma_thuot", "thu tuc hanh chinh; tang cuong quan ly nha nudc trén moi truong sO tlr trung",
     "thủ tục hành chính; tăng cường quản lý nhà nước trên môi trường số từ trung"),
    ("buon_ma_thuot", "uong dén dia phuong; két ndi va van hanh thong sudt cac €0 quan trong hé",
     "ương đến địa phương; kết nối và vận hành thông suốt các cơ quan trong hệ"),
    ("buon_ma_thuot", "doanh nghiép dé nang cao niang lyc canh tranh ctia doanh nghiép va nén kinh té.",
     "doanh nghiệp để nâng cao năng lực cạnh tranh của doanh nghiệp và nền kinh tế."),
    ("buon_ma_thuot", "5. Thi dua phat trién x4 hoi sé Tép trung nang cao chat luong gido duc va",
     "5. Thi đua phát triển xã hội số Tập trung nâng cao chất lượng giáo dục và"),
    ("buon_ma_thuot", "gia. Trién khai sau rong phong trao “binh dan hoc vu so , tang cuong boi dudng,",
     "gia. Triển khai sâu rộng phong trào “bình dân học vụ số , tăng cường bồi dưỡng,"),
    ("buon_ma_thuot", "nhan déan, chuan bi dong b m01 ngudn lyc dé phat trién xa hoi so.",
     "nhân dân, chuẩn bị đồng bộ mọi nguồn lực để phát triển xã hội số."),
]

@pytest.fixture(scope="module")
def restorer():
    from normalize.restore import load_model

    return load_model()


# Floors far below the measured figures (see benchmarks/restore_bench.py for the measured ones).
FLOOR_IN_DOCUMENT = 0.85
FLOOR_LINE_ALONE = 0.80


def _score(pairs: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str]]]:
    """Case-insensitive token accuracy of (restored, expected) lines and the wrong tokens."""
    right = total = 0
    wrong = []
    for got, want in pairs:
        g, w = got.split(), want.split()
        assert len(g) == len(w), (got, want)
        for a, b in zip(g, w):
            total += 1
            if a.lower() == b.lower():
                right += 1
            else:
                wrong.append((a, b))
    return right / total, wrong


def restore_samples_in_document(restore) -> list[tuple[str, str]]:
    """Restore each whole sample and read the table's lines back out of it (offsets are preserved)."""
    pairs = []
    cache: dict[str, tuple[list[str], list[str]]] = {}
    for name, ocr, want in CASES:
        if name not in cache:
            raw = (SAMPLES / f"{name}.ocr-eng.txt").read_text(encoding="utf-8")
            cache[name] = (raw.split("\n"), restore(raw).split("\n"))
        raw_lines, out_lines = cache[name]
        idx = next(i for i, line in enumerate(raw_lines) if line.strip() == ocr)
        pairs.append((out_lines[idx].strip(), want))
    return pairs


def test_table_is_well_formed():
    for name, ocr, want in CASES:
        assert name in {"hoang_mai", "kim_thanh", "buon_ma_thuot"}
        assert len(ocr.split()) == len(want.split()), ocr
        assert ocr != want


def test_table_has_enough_cases():
    damaged = sum(a != b for _, ocr, want in CASES for a, b in zip(ocr.split(), want.split()))
    assert damaged >= 150


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples not present")
def test_cases_exist_in_samples():
    for name, ocr, _ in CASES:
        lines = {line.strip() for line in (SAMPLES / f"{name}.ocr-eng.txt").read_text(encoding="utf-8").split("\n")}
        assert ocr in lines, (name, ocr)


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples not present")
def test_restore_in_document_context(restorer):
    from normalize.restore import restore_text

    acc, wrong = _score(restore_samples_in_document(lambda t: restore_text(t, restorer)))
    assert acc >= FLOOR_IN_DOCUMENT, (acc, wrong[:40])


def test_restore_lines_alone(restorer):
    from normalize.restore import restore_text

    acc, wrong = _score([(restore_text(ocr, restorer), want) for _, ocr, want in CASES])
    assert acc >= FLOOR_LINE_ALONE, (acc, wrong[:40])


def test_damaged_tokens_fixed_share(restorer):
    """Of the tokens the OCR damaged, most must come back right (the figure above is diluted by easy ones)."""
    from normalize.restore import restore_text

    fixed = damaged = 0
    for _, ocr, want in CASES:
        got = restore_text(ocr, restorer)
        for o, g, w in zip(ocr.split(), got.split(), want.split()):
            if o != w:
                damaged += 1
                fixed += g.lower() == w.lower()
    assert fixed / damaged >= 0.70, fixed / damaged
