import Foundation
@testable import FrameAuth

/// A journal written in format 1 (JSON records) by FrameAuth before the
/// binary format, kept byte for byte to prove such a journal still opens.
///
/// It was made with `TestClock`'s starting time and this key, by:
/// user-1 signs in (session A); user-2 signs in without a refresh token
/// (session B), then again from that browser (session C, ending B); user-3
/// signs in (session D) and is deleted; user-4 signs in (session E) and is
/// ended; a minute later user-1's tokens are refreshed.
enum Format1JournalFixture {
    static let key = (0..<32).map { UInt8($0) }

    static func sessionID(_ letter: Character) -> SessionID {
        SessionID(cookieValue: String(repeating: letter, count: SessionID.encodedLength))!
    }

    static let bytes = Array(Data(base64Encoded: base64, options: .ignoreUnknownCharacters)!)

    private static let base64 = """
        RkFKMU5tc/0mrBuIJkzhjVTvOwcAAAHF///+OqdSO+BjlNt88Q0jdj9dxgSk+AhvUqw8l9mEM+vmnDr1G6Spr1Q+LwT96lFGtbw2
        cCQi9RnahzvfqS1/uGQ+cRZEMOZrT82rEdaOHGEzIH2rKbFHCXPbDRSChVWOZKHxGPOWLd6GKHmIPlgVRQ5mRtAt+99yedCfPlY9
        qZPSxDhrhpojGx7otJL/2KFVIYHaOfM0tTUnyh5asevsKEZzVQesIOWO3DVIp8elXdZZF1vh88pG5qwPDy6jZ6HF+sXyvF/pkTh1
        dokUmFTWuHFZEfzJdxWkjZx2Lmc6FD4mpbslE43NHuYRJfmtajT+eVqCWMNv76q5XOsFiG1xPTrPMXclaP4s0rxmYNsQkkWvfh3c
        WfWoc3niTIuzRRxynhotl9Bc0+Hc09Jw9ghkTVLVbChT9+cmVFK2VHy1HJAzQWftjpGcSGbpL+QGdSh4wt4q5lHJIUSO4+GJtXEQ
        wt7ma6eNcUpYTjXN6IyFGqi6FZHaGAzmTLVHOFAgCJGDDshqJNVTO089le+RR0Gkt27UlCD64QkdlUAgdv5hAQxbK99BaINSoGTN
        k08ch+qUPafv6CRPTqKhS5JIdu/de1oRz6zC2gDUYQAAAVj///6ndj6/X8UAQCCm7x+MdfbpGzPo0LB2tCrkFbOqbfLZ81QCbmqY
        F1JeitDYIULO5TjusLg65zVb4wZk60QRrGfrR6y+6YUepRTofLF8SzKk6qbusE3kQfgdmM06VENBnLs6Uu890W/lQMbmc2reksCY
        KEr6CXX956r2n1IpjSA9gKJ4hxOGy6bXwClUJUOxfvgekyCW/BvMlZBuJPyHOof0Z5WDhFl4nfn6gDaM95qEH0HF3PCxIHuLNigM
        7fczx1VvgkKj+lHWMVSo5+2OalWoG3lGrV95RRgl1CmN0I1kfIt8DhnKv+u7uiIIEsDZrHf9oRVM4xtJc6hxETSg6BecGDgh281A
        YJGzcpI7RA9Ct1jmW+SJClydGDNjxzjAJDXN0pna/ztStcE+D3ylkmeJdpJX1xc/Y3ui/5RioVmQ/Gb48sY1iJ9zAkOor44f3EA9
        ET5qsD3kCjoAAAGe///+YdVuaBejehxcI9lM5HfyaKIHx8Hb41OMI7ssOyqahXHJwK+nLD4M3ZGH3nE2/sNF7EYp5j/sdXtWJghy
        E7Qiwg2SupUgOIk89z4Iim0Dmx5Kml2XnZ1pqQvoYqXsmA7p/AbZ8PqJhcllD3ciOF+TXUeBCSmyexKXVfi4oKMSRpyASatSmVYB
        jsyZdLLaLvVvlAc0jcWAf7og3s9nWHjVKjYAnvvRs/xyCCUMGM+6VJukWYvt3CblMFqS/7/6UyxR5aMdK2O0cm4L+hVc9NFt0QRc
        GONpLgPW+UxVFVxJyWOX5xwJxYA5noz8uB1tqGIJg2NVo31h1bnNFXUPeFV6MsCDbbIgd1dQR7APBvh6Th3ISN4l8oPQUI2FK1u6
        4+ovlnmN8OQE9EIlf5J8ehu1CT+qD1CwnX9T2CaxDZGI4+u4M0XB024OhvGA1V9Jz4uWJf3h9kdrNtVlMwJvrVfYcyEo5pMA+TPB
        ipWM283ET5NZvas/BMQ5DpQDYURc9h5K6RS4rMHVVGdvmPdH+nBLrjY3IMPBBhTC3i7aybp2oQAAAbD///5Pvfhzl27PehqH7O3k
        qJR/CwYzNWE8oBV7euVHWAiPRjhNNHzSGoh7ZiA0UgrhjGwe+tMvhkueAef+37Z0DfM1lZvzJHt5OnMqa5xyUfqU9swuaW83qJ6m
        7/FCMe6bGOifsoRdXfZPy4I7NwvK3xMPiXnoAPV+qK5xfXrU93ZMN4KHGCLbXPwYTdDlAmEkZM7KD1j5IoU1a/f9CXwys2UMYCvF
        xuUGk4rgZdLH+xwwpfzhJT8sPb6+7q8/dc/kYQB1XGyCspWKDMQye/ymxHAYbdv+rDLtYoALitIBLzS3PlAJZl50Hb+zWxD3TyXg
        BVeZuYftgdv44XAsUEB/lUdQee6SiuyOm/usEHteKaGcMZcnEFFIAephLoabKHL7km0gtf1x+jqWAoQe28gzwrcELYg6f6x5OG7E
        +Yc/pYnRYNbYrXHD5IzKtTJRZP2GTQ+LsvvVh9e/NK+TCR0ezBcQlXgIxNHaku5kppoIgf/Y6zJVJ+L77RznbkvPGZZ45QjWtvs6
        5zMtbitPlqDTqedzrh65giLddVLyK9hEv0F0L7QI0suQAqdEzKjc0n/ulNCbAAAAPP///8NrlQGlQH91few62h99zWIpKgWFc30d
        F3FnMkpuebpU5B5ar8eglyY4dcF429V1fedbz2yMPloHPeOMp2MAAAGf///+YCNPmeWOzi2gC63gr1exRE+30zSqK4ay8e2uqfCf
        WD5h0R+Xa15ajG0Vo4D7b7ak/0L7RwF8pw9UaQwmLM/Y5Q+roH8dJvTLUzdp+CSuqHgcAYtLQzegB9cwPxGgLjvroFv9UnC+POkB
        qqDZfTVAMddv4smITDFCuyTKKLpryWIwX6A0ZF8U4rnkCYu4ybiRLq5/6gyJmkdHtyqUt7k28b/IAHPhWjc9P/nE2eU8oJL49j8I
        VQhZHjiwyqe+o7Vx2RpsCVre4Mu/qhFw0gPgVTBd5BChljIrW2/xS1yw9sdM6fMr89AmzZjPTS8HmcJNLoBmtZZyjcNkE4uvk7DB
        GM/LTMTEjVyxariKPSy28kOWtMVPaE+zl12UZsSmnRjNm19siTBgbMm76wC3jDhdCGTd1HxMxTy6VG0tBaxm53ENLA9YijYQqXT2
        Y+r8hZXxBWX+pfb61pj+m3DD7/9VbYVx91Prcs1VPnl3pB+viYwY295BUOA7ZbJaqt0j5esKN2EW2zTzNmxHNTWeaQe+EpAZm6t/
        nrO0v/2zc02NVsYAAAA5////xrJQPamsuMcBKrzhpkJvkHDe7sQc67qSuGKdbuZIWRDyj27ZaTKpDHRd7g5FUK3mU4RsV9jQFArZ
        cgAAAU3///6yrVwgQF7Mt6Csd8F+C9MKM7XrrhsghdLwRxPzyj5Vze0OCSkAgTpYW/pwOW0SfdhMjXEDUUYpKMF2YTn6yV1sW78b
        gJzjyJIvP8iKvh0pjpwZIIkncsfejnsw9WyT115ATUDM7y5SHG4hmcuOk0X9L8+9glHkufiW5ifQrytmYRUOlFqKrjrZco8l7Z2n
        BCoCvxSoH2xmH4yuG4pW2yG14LkAD9fznmlr1BbXS73I/jbCQznV7CCQGfKi9tmbfyv+wfTiLvzbPZKXl2FlGOLx1tjrKNLhRbZV
        0SRwT9SprgYUYYzyWFgwhEO5uF25bwR4w7VtmQ4AFXJDEzrx6Nj4LxERfTMBdNngjsIZog+2ojg60e7F3T8CiHh3ODYgKxc/Vl/H
        tmwyP9rA0C8yke4+laiqNB34dh5D8Jj2SQQ8SctRQZkZxmV/8WbSsyTF
        """
}
